using System.Diagnostics;
using GanLab.Data;
using GanLab.Models;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Cli.Bench;

/// <summary>Training speed and memory: full GAN steps (D and G updated) through GanLab's trainer, and the bare loop it is compared with.</summary>
public static class TrainingBenchmarks
{
    /// <summary>
    /// train.dcgan32.img_per_s and train.dcgan32.overhead_ratio: DCGAN at 32x32, batch 64, 32 base channels, Adam, non-saturating
    /// loss, through <see cref="GanTrainer"/>; the ratio divides the trainer's step time by <see cref="BareDcganStep"/>'s, measured as
    /// the medians of alternating single steps in the same run (the trainer set to the same math: no extra D(x) after the update).
    /// </summary>
    public static Benchmark Dcgan32 { get; } = new(
        new[] { "train.dcgan32.img_per_s", "train.dcgan32.overhead_ratio" },
        "DCGAN 32x32 steps through the trainer vs the bare TorchSharp loop, batch 64, width 32",
        ctx =>
        {
            const int batch = 64;
            var device = ctx.Runtime.Device;
            using var real = rand(batch, 3, 32, 32, device: device).mul(2).sub(1);
            var data = new[] { real };
            using var g = new DcganGenerator(32, 100, 32).to(device);
            using var d = new DcganDiscriminator(32, 32).to(device);
            using var trainer = GanTrainer.Create(g, d, new TrainerOptions { MeasureRealAfterUpdateEvery = 0 });
            using var bareG = new DcganGenerator(32, 100, 32).to(device);
            using var bareD = new DcganDiscriminator(32, 32).to(device);
            var bare = new BareDcganStep(bareG, bareD, batch, device);
            // Alternate single steps (and their order) so both loops see the same machine load; compare medians.
            int pairs = ctx.Quick ? 8 : 40;
            trainer.Fit(data, 3);
            for (int i = 0; i < 3; i++) bare.Run(real);
            var trainerTimes = new List<double>();
            var bareTimes = new List<double>();
            for (int i = 0; i < pairs; i++)
            {
                if (i % 2 == 0) bareTimes.Add(Time(() => bare.Run(real)));
                trainerTimes.Add(Time(() => trainer.Fit(data, 1)));
                if (i % 2 == 1) bareTimes.Add(Time(() => bare.Run(real)));
            }
            double trainerSeconds = Median(trainerTimes), bareSeconds = Median(bareTimes);
            return new[]
            {
                new BenchResult("train.dcgan32.img_per_s", batch / trainerSeconds, "img/s"),
                new BenchResult("train.dcgan32.overhead_ratio", trainerSeconds / bareSeconds, "ratio"),
            };
        });

    /// <summary>
    /// train.dcgan32.ema_cost_ratio: the step time of a trainer that keeps an average of G (StyleGAN's half-life of 10,000
    /// images, with StyleGAN2-ADA's ramp-up) ÷ the same trainer's without, medians of alternating single steps in one run
    /// (DCGAN 32x32, batch 64, width 32). The average costs one lerp per weight of G and a copy of its batch-norm buffers per step.
    /// </summary>
    public static Benchmark Dcgan32Ema { get; } = new(
        new[] { "train.dcgan32.ema_cost_ratio" },
        "DCGAN 32x32 steps with an average of G vs without, batch 64, width 32",
        ctx =>
        {
            var device = ctx.Runtime.Device;
            using var real = rand(64, 3, 32, 32, device: device).mul(2).sub(1);
            var data = new[] { real };
            var options = new TrainerOptions { MeasureRealAfterUpdateEvery = 0 };
            using var plain = GanTrainer.Create(new DcganGenerator(32, 100, 32).to(device), new DcganDiscriminator(32, 32).to(device), options);
            using var averaged = GanTrainer.Create(new DcganGenerator(32, 100, 32).to(device), new DcganDiscriminator(32, 32).to(device),
                options with { Ema = EmaOptions.HalfLife(10_000, rampUp: 0.05) });
            int pairs = ctx.Quick ? 8 : 40;
            plain.Fit(data, 3);
            averaged.Fit(data, 3);
            var (plainTimes, averagedTimes) = (new List<double>(), new List<double>());
            for (int i = 0; i < pairs; i++)
            {
                if (i % 2 == 0) plainTimes.Add(Time(() => plain.Fit(data, 1)));
                averagedTimes.Add(Time(() => averaged.Fit(data, 1)));
                if (i % 2 == 1) plainTimes.Add(Time(() => plain.Fit(data, 1)));
            }
            return new[] { new BenchResult("train.dcgan32.ema_cost_ratio", Median(averagedTimes) / Median(plainTimes), "ratio") };
        });

    /// <summary>
    /// train.dcgan32.rss_growth_mb: growth of the process's resident memory over 2,000 trainer steps (100 with --quick) after 50
    /// warm-up steps (20 with --quick). DCGAN 32x32, width 32, batch 8: a leak grows per step, whatever the batch, and a small batch keeps this short.
    /// </summary>
    public static Benchmark Dcgan32Memory { get; } = new(
        new[] { "train.dcgan32.rss_growth_mb" },
        "resident memory growth over 2,000 DCGAN 32x32 trainer steps (batch 8)",
        ctx =>
        {
            var device = ctx.Runtime.Device;
            var data = Enumerable.Range(0, 16).Select(_ => rand(8, 3, 32, 32, device: device).mul(2).sub(1)).ToList();
            using var g = new DcganGenerator(32, 100, 32).to(device);
            using var d = new DcganDiscriminator(32, 32).to(device);
            using var trainer = GanTrainer.Create(g, d, new TrainerOptions { SnapshotEvery = 500, SnapshotCount = 16, KeepSnapshots = false });
            trainer.Fit(data, ctx.Quick ? 20 : 50);
            long before = ResidentBytes();
            trainer.Fit(data, ctx.Quick ? 100 : 2000);
            long after = ResidentBytes();
            foreach (var t in data) t.Dispose();
            return new[] { new BenchResult("train.dcgan32.rss_growth_mb", (after - before) / 1048576.0, "MB") };
        });

    /// <summary>train.msggan32.img_per_s: MSG-GAN at 32x32 (4 scales, widths 16 to 64, latent 128), batch 64, relativistic hinge loss, through the trainer.</summary>
    public static Benchmark MsgGan32 { get; } = new(
        new[] { "train.msggan32.img_per_s" },
        "MSG-GAN 32x32 steps through the trainer, batch 64, widths 16-64",
        ctx =>
        {
            const int batch = 64;
            var device = ctx.Runtime.Device;
            using var real = rand(batch, 3, 32, 32, device: device).mul(2).sub(1);
            using var g = new MsgGanGenerator(32).to(device);
            using var d = new MsgGanDiscriminator(32).to(device);
            using var trainer = GanTrainer.Create(g, d);
            trainer.Fit(new[] { real }, ctx.Quick ? 2 : 5);
            int steps = ctx.Quick ? 6 : 30;
            var watch = Stopwatch.StartNew();
            trainer.Fit(new[] { real }, steps);
            return new[] { new BenchResult("train.msggan32.img_per_s", batch * steps / watch.Elapsed.TotalSeconds, "img/s") };
        });

    /// <summary>train.toy2d.steps_per_s: the 2-D toy GAN (MLP G and D, 3 hidden layers of 128) on the ring of 8, batch 100, through the trainer.</summary>
    public static Benchmark Toy2d { get; } = new(
        new[] { "train.toy2d.steps_per_s" },
        "2-D toy GAN steps on the ring (MLP 3x128, batch 100)",
        ctx =>
        {
            var device = ctx.Runtime.Device;
            using var g = new MlpGenerator().to(device);
            using var d = new MlpDiscriminator().to(device);
            using var trainer = GanTrainer.Create(g, d, TrainerOptions.Toy2d);
            var data = ToyMixture.Ring().Batches(100, seed: 1);
            trainer.Fit(data, 20);
            int steps = ctx.Quick ? 100 : 1000;
            var watch = Stopwatch.StartNew();
            trainer.Fit(data, steps);
            return new[] { new BenchResult("train.toy2d.steps_per_s", steps / watch.Elapsed.TotalSeconds, "steps/s") };
        });

    static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}

/// <summary>
/// The plain TorchSharp DCGAN step (pytorch/examples' loop, logits instead of sigmoid): the reference that
/// GanLab's trainer is compared with.
/// </summary>
public sealed class BareDcganStep
{
    readonly nn.Module<Tensor, Tensor> _g, _d;
    readonly optim.Optimizer _optG, _optD;
    readonly int _batch, _latent;
    readonly Device _device;

    public BareDcganStep(DcganGenerator g, DcganDiscriminator d, int batch, Device device)
    {
        (_g, _d, _batch, _latent, _device) = (g, d, batch, g.Latent, device);
        _optG = optim.Adam(g.parameters(), 2e-4, 0.5, 0.999);
        _optD = optim.Adam(d.parameters(), 2e-4, 0.5, 0.999);
    }

    /// <summary>One D step and one G step; returns (loss D, loss G).</summary>
    public (float LossD, float LossG) Run(Tensor real)
    {
        using var scope = NewDisposeScope();
        var ones = torch.ones(_batch, device: _device);
        var zeros = torch.zeros(_batch, device: _device);
        // Update D: maximize log(D(x)) + log(1 - D(G(z)))
        _optD.zero_grad();
        var fake = _g.forward(randn(_batch, _latent, device: _device));
        var lossD = nn.functional.binary_cross_entropy_with_logits(_d.forward(real), ones)
                  + nn.functional.binary_cross_entropy_with_logits(_d.forward(fake.detach()), zeros);
        lossD.backward();
        _optD.step();
        // Update G: maximize log(D(G(z))) (the non-saturating loss)
        _optG.zero_grad();
        var lossG = nn.functional.binary_cross_entropy_with_logits(_d.forward(fake), ones);
        lossG.backward();
        _optG.step();
        return (lossD.item<float>(), lossG.item<float>());
    }
}
