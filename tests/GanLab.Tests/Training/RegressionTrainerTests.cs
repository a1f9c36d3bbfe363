using GanLab.Models;
using GanLab.Runtime;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Training;

public class RegressionTrainerTests
{
    public RegressionTrainerTests() => TorchRuntime.Init(device: "cpu", threads: 1, seed: 0, quiet: true);

    [Fact]
    public void Reverse_classifier_paints_the_average_of_the_images_sharing_a_label()
    {
        // Label 0 shows image A or image B (50/50); label 1 always shows C. With MSE the best answer for label 0 is (A + B) / 2:
        // the blurred average mask of the article, not either face.
        using var scope = NewDisposeScope();
        using var g = new torch.Generator(5);
        var a = rand(new long[] { 1, 8, 8 }, generator: g).mul(1.4).sub(0.7);
        var b = rand(new long[] { 1, 8, 8 }, generator: g).mul(1.4).sub(0.7);
        var c = rand(new long[] { 1, 8, 8 }, generator: g).mul(1.4).sub(0.7);
        IEnumerable<(Tensor, Tensor)> Batches()
        {
            using var pick = new torch.Generator(6);
            while (true)
            {
                var label = randint(0, 2, new long[] { 32 }, generator: pick);
                var coin = randint(0, 2, new long[] { 32 }, generator: pick).to(ScalarType.Float32).view(32, 1, 1, 1);
                var images = where(label.view(32, 1, 1, 1) == 1, c, coin * a + (1 - coin) * b);
                yield return (nn.functional.one_hot(label, 2).to(ScalarType.Float32), images);
            }
        }
        var model = new ReverseClassifier(inputs: 2, imageSize: 8, width: 8, channels: 1);
        var losses = RegressionTrainer.Fit(model, Batches(), 250, lr: 5e-3);
        Assert.True(losses[^10..].Average() < losses[..10].Average() / 2);

        model.eval();
        var painted = model.forward(tensor(new[] { 1f, 0f }).view(1, 2))[0];
        float Distance(Tensor t) => (painted - t).pow(2).mean().item<float>();
        var average = (a + b) / 2;
        Assert.True(Distance(average) < 0.3f * Math.Min(Distance(a), Distance(b)),
            $"distance to the average {Distance(average):F4}, to A {Distance(a):F4}, to B {Distance(b):F4}");
    }

    [Fact]
    public void Encoder_learns_to_invert_a_generator()
    {
        var generator = new MlpGenerator(latent: 4, hidden: 16, layers: 1, outputs: 12);
        var encoder = new MlpGenerator(latent: 12, hidden: 32, layers: 2, outputs: 4);   // any x → z network will do
        var losses = RegressionTrainer.FitEncoder(encoder, generator, latent: 4, steps: 300, batchSize: 64, lr: 3e-3, reconstructionWeight: 0.1);
        Assert.True(losses[^20..].Average() < 0.25f * losses[..20].Average(), $"{losses[..20].Average():F3} → {losses[^20..].Average():F3}");
        Assert.All(generator.parameters(), p => Assert.True(p.requires_grad));           // G is given back unfrozen
    }
}
