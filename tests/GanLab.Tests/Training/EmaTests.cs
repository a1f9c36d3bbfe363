using GanLab.Data;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Training;

/// <summary>The trainer's average of G: the update rule, its β schedules, what it is used for, checkpoints and exact resume.</summary>
public class EmaTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), $"ganlab-ema-{Guid.NewGuid():N}");

    public EmaTests()
    {
        TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static List<Tensor> Weights(nn.Module m) => m.parameters().Select(p => p.detach().clone()).ToList();

    internal static bool Equal(IEnumerable<Tensor> a, IEnumerable<Tensor> b) => a.Zip(b).All(p => p.First.equal(p.Second).all().item<bool>());

    static GanTrainer<Tensor> ToyTrainer(EmaOptions? ema, int seed = 1)
    {
        TorchRuntime.Current.Reseed(seed);
        return GanTrainer.Create(new MlpGenerator(hidden: 8, layers: 2), new MlpDiscriminator(hidden: 8, layers: 2),
            TrainerOptions.Toy2d with { Ema = ema, Seed = 3, SnapshotEvery = 2, SnapshotCount = 5 });
    }

    static IEnumerable<Tensor> Ring => ToyMixture.Ring().Batches(16, seed: 2);

    [Fact]
    public void Each_G_step_moves_every_averaged_weight_by_one_minus_beta_toward_Gs()
    {
        using var trainer = ToyTrainer(EmaOptions.PerStep(0.9));
        Assert.True(Equal(Weights(trainer.GEma!), Weights(trainer.G)));   // it starts as a copy of G
        var data = Ring;
        trainer.Fit(data, 2);
        for (int step = 0; step < 3; step++)
        {
            var before = Weights(trainer.GEma!).Select(t => t.to(ScalarType.Float64)).ToList();
            trainer.Fit(data, 1);
            var expected = before.Zip(Weights(trainer.G), (ema, w) => 0.9 * ema + 0.1 * w.to(ScalarType.Float64));   // by hand, in float64
            Assert.All(expected.Zip(Weights(trainer.GEma!)), p => Assert.True(p.First.allclose(p.Second.to(ScalarType.Float64), rtol: 1e-6, atol: 1e-7)));
        }
        Assert.False(Equal(Weights(trainer.GEma!), Weights(trainer.G)));
        Assert.All(trainer.GEma!.parameters(), p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void Beta_comes_from_the_half_life_in_images_and_ramps_up_from_zero()
    {
        Assert.Equal(0.999, EmaOptions.MsgGan.Beta(imagesSeen: 0, batchSize: 64));
        var stylegan = EmaOptions.HalfLife(10_000);
        Assert.Equal(Math.Pow(0.5, 64 / 10_000.0), stylegan.Beta(0, 64), 12);
        Assert.Equal(0.5, Math.Pow(stylegan.Beta(0, 100), 100), 12);   // 100 steps of 100 images: an old weight counts half
        var ramped = EmaOptions.HalfLife(10_000, rampUp: 0.05);
        Assert.Equal(0, ramped.Beta(imagesSeen: 0, batchSize: 64));     // first step: the average becomes G
        Assert.Equal(Math.Pow(0.5, 64 / (0.05 * 64_000)), ramped.Beta(imagesSeen: 64_000, batchSize: 64), 12);   // half-life 3,200 images
        Assert.Equal(stylegan.Beta(0, 64), ramped.Beta(imagesSeen: 1_000_000, batchSize: 64), 12);                // capped at 10,000
        Assert.Throws<ArgumentException>(() => EmaOptions.PerStep(1.0));
        Assert.Throws<ArgumentException>(() => new EmaOptions { Decay = 0.9, HalfLifeImages = 100 }.Beta(0, 1));

        using var trainer = ToyTrainer(ramped);
        trainer.Fit(Ring, 1);
        Assert.True(Equal(Weights(trainer.GEma!), Weights(trainer.G)));   // β = 0 at step 1
    }

    [Fact]
    public void Batch_norm_statistics_are_copied_and_snapshots_and_samples_come_from_the_average()
    {
        TorchRuntime.Current.Reseed(4);
        using var trainer = GanTrainer.Create(new DcganGenerator(8, latent: 6, width: 4), new DcganDiscriminator(8, width: 4),
            TrainerOptions.Dcgan with { Ema = EmaOptions.PerStep(0.5), SnapshotEvery = 2, SnapshotCount = 4 });
        trainer.Fit(Enumerable.Repeat(rand(4, 3, 8, 8) * 2 - 1, 3), 2);
        Assert.True(Equal(trainer.GEma!.buffers(), trainer.G.buffers()));
        Assert.False(trainer.GEma.training);
        using var _ = no_grad();
        Assert.True(trainer.Snapshots[^1].Samples.equal(trainer.GEma.forward(trainer.FixedNoise)).all().item<bool>());
        Assert.Equal(new long[] { 5, 3, 8, 8 }, trainer.Sample(5).shape);
        Assert.Equal(new long[] { 5, 3, 8, 8 }, trainer.Sample(5, ema: false).shape);
        Assert.True(trainer.G.training);   // Sample put G back as it was
    }

    [Fact]
    public void Keeping_an_average_does_not_change_training()
    {
        var data = Ring.Take(8).ToList();
        using var plain = ToyTrainer(ema: null);
        using var averaged = ToyTrainer(EmaOptions.HalfLife(500, rampUp: 0.05));
        var a = plain.Fit(data, 6);
        var b = averaged.Fit(data, 6);
        Assert.Equal(a.Select(s => (s.LossD, s.LossG)), b.Select(s => (s.LossD, s.LossG)));
        Assert.True(Equal(Weights(plain.G), Weights(averaged.G)));
        Assert.Null(plain.GEma);
    }

    [Fact]
    public void Resume_with_an_average_equals_an_uninterrupted_run()
    {
        var data = Ring.Take(4).ToList();   // 6 steps cross an epoch boundary
        var ema = EmaOptions.HalfLife(200, rampUp: 0.05);
        using var uninterrupted = ToyTrainer(ema);
        var expected = uninterrupted.Fit(data, 6);

        string path = Path.Combine(_dir, "ema.ckpt");
        using (var first = ToyTrainer(ema))
        {
            first.Fit(data, 3);
            first.SaveCheckpoint(path);
        }
        using var resumed = ToyTrainer(ema, seed: 42);   // other weights: everything must come from the file
        resumed.LoadCheckpoint(path);
        var rest = resumed.Fit(data, 3);
        Assert.Equal(expected.Skip(3).Select(s => (s.LossD, s.LossG)), rest.Select(s => (s.LossD, s.LossG)));
        Assert.True(Equal(Weights(uninterrupted.GEma!), Weights(resumed.GEma!)));
        Assert.True(Equal(Weights(uninterrupted.G), Weights(resumed.G)));

        using var without = ToyTrainer(ema: null);
        var e = Assert.Throws<InvalidDataException>(() => without.LoadCheckpoint(path));
        Assert.Contains("keeps an average of G", e.Message);
    }

    [Fact]
    public void Checkpoints_and_exports_give_the_average_by_default_and_Gs_own_weights_on_request()
    {
        using var trainer = ToyTrainer(EmaOptions.PerStep(0.8));
        trainer.ModelSettings = new Toy2dSettings { Hidden = 8, Layers = 2 };
        trainer.Fit(Ring, 5);
        string checkpoint = Path.Combine(_dir, "run.ckpt");
        trainer.SaveCheckpoint(checkpoint);
        Assert.Equal("generator,discriminator,generator_ema", Checkpoint.ReadInfo(checkpoint).Metadata[Checkpoint.NetworksKey]);
        Assert.Equal(EmaOptions.PerStep(0.8), Checkpoint.ReadInfo(checkpoint).Options!.Ema);

        var g = new MlpGenerator(hidden: 8, layers: 2);
        Checkpoint.LoadGenerator(checkpoint, g);
        Assert.True(Equal(Weights(g), Weights(trainer.GEma!)));
        Checkpoint.LoadGenerator(checkpoint, g, ema: false);
        Assert.True(Equal(Weights(g), Weights(trainer.G)));

        string exported = Path.Combine(_dir, "export.ganlab"), raw = Path.Combine(_dir, "raw.ganlab");
        Assert.Equal("average", Checkpoint.ExportWeights(checkpoint, exported, half: false).Metadata[Checkpoint.GeneratorWeightsKey]);
        Checkpoint.LoadGenerator(exported, g);
        Assert.True(Equal(Weights(g), Weights(trainer.GEma!)));
        Assert.Equal("generator,discriminator", Checkpoint.ReadInfo(exported).Metadata[Checkpoint.NetworksKey]);
        Assert.Equal("trained", Checkpoint.ExportWeights(checkpoint, raw, half: false, rawGenerator: true).Metadata[Checkpoint.GeneratorWeightsKey]);
        Checkpoint.LoadGenerator(raw, g);
        Assert.True(Equal(Weights(g), Weights(trainer.G)));
        var d = new MlpDiscriminator(hidden: 8, layers: 2);
        Checkpoint.LoadDiscriminator(checkpoint, d);
        Assert.True(Equal(Weights(d), Weights(trainer.D)));
    }

    [Fact]
    public void Msg_gan_samples_from_its_reference_average()
    {
        Assert.Equal(0.999, TrainerOptions.MsgGan.Ema!.Decay);
        TorchRuntime.Current.Reseed(6);
        using var trainer = GanTrainer.Create(new MsgGanGenerator(8, latent: 8, width: 4, maxWidth: 8), new MsgGanDiscriminator(8, width: 4, maxWidth: 8));
        Assert.IsType<MsgGanGenerator>(trainer.GEma);
        trainer.Fit(Enumerable.Range(0, 2).Select(_ => rand(4, 3, 8, 8) * 2 - 1).ToList(), 2);
        Assert.False(Equal(Weights(trainer.GEma!), Weights(trainer.G)));
    }
}
