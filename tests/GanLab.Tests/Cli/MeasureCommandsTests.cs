using GanLab.Cli;
using GanLab.Metrics;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Tests.Notebooks;
using GanLab.Training;
using static TorchSharp.torch;

using static GanLab.Tests.Cli.ConsoleCapture;

namespace GanLab.Tests.Cli;

/// <summary><c>ganlab score</c> and <c>ganlab ablation msggan</c>: notebook 3's ruler from the command line.</summary>
public class MeasureCommandsTests : IDisposable
{
    static readonly string Pretrained = Path.Combine(NotebookFiles.RepoRoot, "data", "pretrained");
    readonly string _dir = Path.Combine(Path.GetTempPath(), $"ganlab-measure-{Guid.NewGuid():N}");

    public MeasureCommandsTests()
    {
        TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Score_measures_a_checkpoints_G_and_its_average_and_an_export_as_what_it_holds()
    {
        using (var trainer = GanTrainer.Create(new DcganGenerator(32, latent: 8, width: 4), new DcganDiscriminator(32, width: 4),
                   TrainerOptions.Dcgan with { Ema = EmaOptions.PerStep(0.5), Seed = 3, LearningRateG = 0.01, LearningRateD = 0.01 }))
        {
            trainer.ModelSettings = new DcganSettings { Latent = 8, Width = 4 };
            using var real = rand(8, 3, 32, 32).mul(2).sub(1);
            trainer.Fit(Enumerable.Repeat(real, 3), 3);
            trainer.SaveCheckpoint(Path.Combine(_dir, "run.ganlab"));
        }
        string checkpoint = Path.Combine(_dir, "run.ganlab"), raw = Path.Combine(_dir, "raw.ganlab");
        var (code, output) = Capture(() => GanLabCommandLine.Invoke("score", "--in", checkpoint, "--count", "80", "--pretrained", Pretrained, "--grid", _dir));
        Assert.Equal(0, code);
        var rows = output.Split('\n').Where(l => l.StartsWith("  G ", StringComparison.Ordinal) || l.StartsWith("  average of G", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Contains("x real vs real", r));
        Assert.NotEqual(rows[0][16..], rows[1][16..]);   // β 0.5 after 3 large steps: the average is not G
        Assert.True(File.Exists(Path.Combine(_dir, "run-step3-G.png")) && File.Exists(Path.Combine(_dir, "run-step3-average.png")));

        Checkpoint.ExportWeights(checkpoint, raw, rawGenerator: true);
        var (_, rawOutput) = Capture(() => GanLabCommandLine.Invoke("score", "--in", raw, "--count", "80", "--pretrained", Pretrained));
        Assert.Contains("  G ", rawOutput);
        Assert.DoesNotContain("average of G", rawOutput);

        Assert.Contains("no file at", Assert.Throws<CliException>(() => GanLabCommandLine.Invoke("score", "--in", Path.Combine(_dir, "none.ganlab"))).Message);
    }

    [Fact]
    public void Score_over_several_noise_seeds_prints_each_draw_and_their_mean_and_sd()
    {
        string file = Path.Combine(Pretrained, "dcgan-faces32.ganlab");
        var (code, output) = Capture(() => GanLabCommandLine.Invoke("score", "--in", file, "--count", "100", "--seed", "3", "--noise-seeds", "2", "--pretrained", Pretrained));
        Assert.Equal(0, code);
        var lines = output.Split('\n');
        double Fd(string line) => double.Parse(line.Split("Fréchet distance ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        double a = Fd(lines.Single(l => l.Contains("noise seed 3:"))), b = Fd(lines.Single(l => l.Contains("noise seed 4:")));
        Assert.NotEqual(a, b);   // two draws of noise, two samples of the distance
        string mean = lines.Single(l => l.Contains("mean ± sd over 2 noise seeds"));
        Assert.Equal((a + b) / 2, Fd(mean), 0.06);
        Assert.Contains($"± {Math.Abs(a - b) / Math.Sqrt(2):F1} (", mean);
        // The first draw is the plain score's draw for that seed.
        var (_, single) = Capture(() => GanLabCommandLine.Invoke("score", "--in", file, "--count", "100", "--seed", "3", "--pretrained", Pretrained));
        Assert.Equal(a, Fd(single.Split('\n').Single(l => l.StartsWith("  average of G", StringComparison.Ordinal))));
        Assert.Contains("--noise-seeds must be at least 1", Assert.Throws<CliException>(() => GanLabCommandLine.Invoke("score", "--in", file, "--noise-seeds", "0")).Message);
    }

    [Fact]
    public void Ablation_measures_each_arm_at_every_evaluation_and_skips_finished_runs_when_rerun()
    {
        string outDir = Path.Combine(_dir, "ablation");
        string[] args = { "ablation", "msggan", "--arms", "dcgan", "--seeds", "1", "--steps", "2", "--eval-every", "1", "--batch", "8",
                          "--faces", "32", "--eval-count", "80", "--pretrained", Pretrained, "--out", outDir };
        var (code, _) = Capture(() => GanLabCommandLine.Invoke(args));
        Assert.Equal(0, code);
        var rows = AblationResults.Read(Path.Combine(outDir, "results.csv"));
        Assert.Equal(new long[] { 0, 0, 1, 1, 2, 2 }, rows.Select(r => r.Step));
        Assert.Equal(new[] { "G", "ema-hl10000-r0.05" }, rows.Select(r => r.Generator).Distinct());
        Assert.All(rows, r => Assert.True(r.Fd > r.RealVsReal && r.Images == r.Step * 8));
        Assert.Contains("| dcgan | G | 2 |", File.ReadAllText(Path.Combine(outDir, "summary.md")));

        var (again, log) = Capture(() => GanLabCommandLine.Invoke(args));
        Assert.Equal(0, again);
        Assert.Contains("already in", log);
        Assert.Equal(rows.Count, AblationResults.Read(Path.Combine(outDir, "results.csv")).Count);
        Assert.Contains("Unknown ablation arm 'msg-x'", Assert.Throws<CliException>(() => GanLabCommandLine.Invoke("ablation", "msggan", "--arms", "msg-x", "--out", outDir)).Message);
    }

    [Fact]
    public void Shipped_ablation_table_holds_three_seeds_of_both_models_with_G_and_its_average_at_every_step_notebook_5_reads()
    {
        // notebook 5's offline test reads this file; it is results.csv of `ganlab ablation msggan` (data/pretrained/README.md)
        var rows = AblationResults.Read(Path.Combine(Pretrained, "msg-vs-dcgan", "ablation-1500.csv"));
        foreach (string arm in new[] { "dcgan", "msg" })
        {
            var runs = rows.Where(r => r.Config == arm).GroupBy(r => r.Seed).ToList();
            Assert.Equal(new[] { 1, 2, 3 }, runs.Select(s => s.Key).Order());
            Assert.All(runs, run =>
            {
                Assert.Equal(1500, run.Max(r => r.Step));
                Assert.All(run.GroupBy(r => r.Step), at => Assert.Equal(new[] { "G", "ema-hl10000-r0.05" }, at.Select(r => r.Generator).Order(StringComparer.Ordinal)));
                var seconds = run.Where(r => r.Generator == "G").OrderBy(r => r.Step).Select(r => r.TrainSeconds).ToList();
                Assert.True(seconds.Zip(seconds.Skip(1)).All(p => p.First < p.Second), $"{arm} seed {run.Key}: training seconds grow with the step");
            });
        }
        Assert.All(rows, r => Assert.True(r.Images == r.Step * 64 && r.Fd > r.RealVsReal && r.Covered <= r.RealCategories, r.ToCsv()));
        // only complete runs: the learning-rate arms too end at 1,000 or 1,500 steps with G and its average measured there
        Assert.All(rows.GroupBy(r => (r.Config, r.Seed)), run =>
            Assert.Equal(2, run.Count(r => r.Step == run.Max(x => x.Step) && r.Step is 1000 or 1500)));
        Assert.Contains(rows, r => r.Config == "dcgan-lr6e-4");
    }

    [Fact]
    public void Shipped_long_budget_table_holds_three_seeds_of_dcgan_and_msg_ns_r1_to_3000_steps_none_collapsed()
    {
        // data/pretrained/README.md's "The long budget" table and notebook 5's last bullets quote these rows
        var rows = AblationResults.Read(Path.Combine(Pretrained, "msg-vs-dcgan", "long-3000.csv"));
        Assert.Equal(new[] { "dcgan", "msg-ns-r1" }, rows.Select(r => r.Config).Distinct().Order(StringComparer.Ordinal));
        Assert.All(rows.GroupBy(r => (r.Config, r.Seed)), run =>
        {
            Assert.Equal(3000, run.Max(r => r.Step));
            Assert.Equal(13, run.Select(r => r.Step).Distinct().Count());   // every 250 steps from 0
            Assert.All(run.GroupBy(r => r.Step), at => Assert.Equal(2, at.Count()));
        });
        Assert.Equal(6, rows.Select(r => (r.Config, r.Seed)).Distinct().Count());
        Assert.All(rows, r => Assert.True(r.Images == r.Step * 64 && r.Fd > r.RealVsReal && r.Covered <= r.RealCategories, r.ToCsv()));
        // the README's claim: at 3,000 steps every MSG-GAN seed is within 2x DCGAN's mean distance (G)
        var last = rows.Where(r => r.Step == 3000 && r.Generator == "G").ToList();
        double dcgan = last.Where(r => r.Config == "dcgan").Average(r => r.Fd);
        Assert.All(last.Where(r => r.Config == "msg-ns-r1"), r => Assert.True(r.Fd < 2 * dcgan, r.ToCsv()));
    }
}
