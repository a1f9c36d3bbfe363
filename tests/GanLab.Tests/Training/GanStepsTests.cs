using GanLab.Models;
using GanLab.Notebooks;
using GanLab.Notebooks.Execution;
using GanLab.Runtime;
using GanLab.Tests.Notebooks;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Training;

/// <summary>The two halves of a step: what each one moves, and that notebook 2's own versions are the library's.</summary>
public class GanStepsTests
{
    public GanStepsTests() => TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);

    static List<Tensor> Copy(nn.Module m) => m.parameters().Select(p => p.detach().clone()).ToList();

    static bool Same(nn.Module m, List<Tensor> before) => m.parameters().Zip(before).All(p => p.First.equal(p.Second).all().item<bool>());

    [Fact]
    public void UpdateD_moves_only_D_and_UpdateG_only_G()
    {
        TorchRuntime.Current.Reseed(1);
        var g = new MlpGenerator(hidden: 8);
        var d = new MlpDiscriminator(hidden: 8);
        using var optG = optim.Adam(g.parameters(), 1e-2);
        using var optD = optim.Adam(d.parameters(), 1e-2);
        var loss = new NonSaturatingLoss();
        var real = randn(16, 2);
        var fake = g.forward(randn(16, 2));

        var (gBefore, dBefore) = (Copy(g), Copy(d));
        var (lossD, dReal, dFake) = GanSteps.UpdateD(d, optD, loss, real, fake.detach());
        Assert.True(Same(g, gBefore));
        Assert.False(Same(d, dBefore));
        Assert.Equal(loss.DiscriminatorLoss(dReal, dFake).item<float>(), lossD.item<float>());
        Assert.Equal(new long[] { 16 }, dFake.shape);

        (gBefore, dBefore) = (Copy(g), Copy(d));
        var (lossG, dFakeAfter) = GanSteps.UpdateG(d, optG, loss, fake);
        Assert.True(Same(d, dBefore));
        Assert.False(Same(g, gBefore));
        Assert.Equal(loss.GeneratorLoss(dFakeAfter).item<float>(), lossG.item<float>());
        Assert.False(dFakeAfter.equal(dFake).all().item<bool>());   // D judged the same points after its update
    }

    [Fact]
    public void UpdateD_adds_the_penalty_to_Ds_loss_and_its_gradient()
    {
        TorchRuntime.Current.Reseed(2);
        var d = new MlpDiscriminator(layers: 0);   // D(x) = w·x + b
        using var optD = optim.SGD(d.parameters(), 0.1);
        var loss = new WassersteinGpLoss();
        var (real, fake) = (randn(8, 2), randn(8, 2));
        var w = d.parameters().First();
        var penalty = 3 * w.pow(2).sum();            // a penalty that depends on D's weights
        var wBefore = w.detach().clone();
        float expected = loss.DiscriminatorLoss(d.forward(real), d.forward(fake)).item<float>() + penalty.item<float>();
        var gradient = (fake.mean(new long[] { 0 }) - real.mean(new long[] { 0 })) + 6 * wBefore.view(-1);   // ∂/∂w of mean D(fake) − mean D(real) + 3‖w‖²

        var (lossD, _, _) = GanSteps.UpdateD(d, optD, loss, real, fake, penalty);
        Assert.Equal(expected, lossD.item<float>(), 5);
        Assert.True((wBefore.view(-1) - 0.1 * gradient).allclose(w.detach().view(-1), rtol: 1e-5, atol: 1e-6));
    }

    /// <summary>
    /// Notebook 2 writes UpdateD and UpdateG in a cell (tagged gan-steps) and says the library's are the same functions:
    /// run from the same start on the same batches and noise, they give the same losses and outputs, bit for bit.
    /// </summary>
    [Fact]
    public void Notebook_2s_UpdateD_and_UpdateG_give_the_same_losses_as_the_librarys()
    {
        string path = Path.Combine(NotebookFiles.RepoRoot, "notebooks", "02-adversarial-game-2d.ipynb");
        var course = Notebook.Load(path);
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(course.Cells.First(c => c.IsCode));                 // references, usings, TorchRuntime.Init
        notebook.Cells.Add(course.Cells.Single(c => c.HasTag("gan-steps")));   // the notebook's UpdateD and UpdateG
        notebook.Cells.Add(NotebookCell.Code("""
            string Run(bool library, GanLoss loss)
            {
                rt.Reseed(3);
                var g = new MlpGenerator(hidden: 16);
                var d = new MlpDiscriminator(hidden: 16);
                var optimizerG = optim.Adam(g.parameters(), 1e-3, beta1: 0.5, beta2: 0.999);
                var optimizerD = optim.Adam(d.parameters(), 1e-3, beta1: 0.5, beta2: 0.999);
                var noise = new torch.Generator(5);
                var batches = ToyMixture.Ring().Batches(32, seed: 1).GetEnumerator();
                var figures = new List<float>();
                for (int step = 0; step < 20; step++)
                {
                    batches.MoveNext();
                    var fake = g.forward(torch.randn(new long[] { 32, 2 }, generator: noise));
                    var (lossD, dReal, dFake) = library ? GanSteps.UpdateD(d, optimizerD, loss, batches.Current, fake.detach())
                                                        : UpdateD(d, optimizerD, loss, batches.Current, fake.detach());
                    var (lossG, dFakeAfter) = library ? GanSteps.UpdateG(d, optimizerG, loss, fake) : UpdateG(d, optimizerG, loss, fake);
                    figures.AddRange(new[] { lossD.item<float>(), lossG.item<float>(), dReal.sum().item<float>(), dFake.sum().item<float>(), dFakeAfter.sum().item<float>() });
                }
                return string.Join(" ", figures.Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            }
            foreach (var loss in new GanLoss[] { new NonSaturatingLoss(), new HingeLoss() })
            {
                Console.WriteLine(Run(library: false, loss));
                Console.WriteLine(Run(library: true, loss));
            }
            """));
        var result = NotebookRunner.Run(notebook, path, new RunOptions { CellTimeout = TimeSpan.FromMinutes(5) });
        Assert.True(result.Status == RunStatus.Completed, result.FirstError);
        var lines = result.Notebook.Cells[^1].Outputs.Where(o => o.OutputType == "stream").SelectMany(o => o.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(lines[0], lines[1]);   // non-saturating loss: notebook == library
        Assert.Equal(lines[2], lines[3]);   // hinge loss
        var values = lines[0].Split(' ');
        Assert.Equal(100, values.Length);
        Assert.NotEqual(values[0], values[5]);   // D's loss changes from step to step: it is training
    }
}
