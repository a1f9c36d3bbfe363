using GanLab.Data;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Training;

public class TrainerTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), $"ganlab-train-{Guid.NewGuid():N}");

    public TrainerTests()
    {
        TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A tiny DCGAN (16x16, width 4) made from the given seed, and 8 fixed real batches of 8 images.</summary>
    static (DcganGenerator G, DcganDiscriminator D) TinyDcgan(int seed, int width = 4)
    {
        TorchRuntime.Current.Reseed(seed);
        return (new DcganGenerator(16, latent: 8, width: width), new DcganDiscriminator(16, width: width));
    }

    static List<Tensor> Images(int batches = 8)
    {
        using var g = new torch.Generator(99);
        return Enumerable.Range(0, batches).Select(_ => rand(new long[] { 8, 3, 16, 16 }, generator: g).mul(2).sub(1)).ToList();
    }

    static float[] LossesD(IEnumerable<TrainingStep> steps) => steps.Select(s => s.LossD).ToArray();
    static float[] LossesG(IEnumerable<TrainingStep> steps) => steps.Select(s => s.LossG).ToArray();

    [Fact]
    public void Same_seed_same_threads_gives_the_same_history()
    {
        var data = Images();
        float[] Run()
        {
            var (g, d) = TinyDcgan(seed: 5);
            using var trainer = GanTrainer.Create(g, d, new TrainerOptions { Seed = 7 });
            var history = trainer.Fit(data, 6);
            return LossesD(history).Concat(LossesG(history)).Concat(history.Select(h => h.GradNormD)).ToArray();
        }
        var first = Run();
        Assert.Equal(first, Run());
        Assert.All(first, v => Assert.True(float.IsFinite(v)));
        Assert.NotEqual(first[0], first[1]);   // it is training, not repeating
    }

    [Fact]
    public void Resume_from_a_checkpoint_equals_an_uninterrupted_run()
    {
        var data = Images(batches: 4);   // 6 steps cross an epoch boundary
        var options = new TrainerOptions { Seed = 3, SnapshotEvery = 2, SnapshotCount = 4 };
        var (g1, d1) = TinyDcgan(seed: 1);
        using var uninterrupted = GanTrainer.Create(g1, d1, options);
        var expected = uninterrupted.Fit(data, 6);

        string path = Path.Combine(_dir, "run.ckpt");
        var (g2, d2) = TinyDcgan(seed: 1);
        using (var first = GanTrainer.Create(g2, d2, options))
        {
            first.Fit(data, 3);
            first.SaveCheckpoint(path);
        }
        var (g3, d3) = TinyDcgan(seed: 42);            // different weights: everything must come from the file
        torch.manual_seed(1234);                        // and a disturbed global generator
        using var resumed = GanTrainer.Create(g3, d3, options with { Seed = 99 });
        resumed.LoadCheckpoint(path);
        Assert.Equal(3, resumed.Step);
        var rest = resumed.Fit(data, 3);

        Assert.Equal(LossesD(expected.Skip(3)), LossesD(rest));
        Assert.Equal(LossesG(expected.Skip(3)), LossesG(rest));
        Assert.Equal(LossesD(expected), LossesD(resumed.History));
        Assert.True(uninterrupted.FixedNoise.equal(resumed.FixedNoise).all().item<bool>());
    }

    [Fact]
    public void Loading_into_a_different_architecture_names_the_tensor_and_both_shapes()
    {
        string path = Path.Combine(_dir, "w4.ckpt");
        var (g, d) = TinyDcgan(seed: 1, width: 4);
        using (var trainer = GanTrainer.Create(g, d)) trainer.SaveCheckpoint(path);

        var (g8, d8) = TinyDcgan(seed: 1, width: 8);
        using var wider = GanTrainer.Create(g8, d8);
        var e = Assert.Throws<InvalidDataException>(() => wider.LoadCheckpoint(path));
        Assert.Contains("'main.0.weight'", e.Message);
        Assert.Contains("[8, 8, 4, 4]", e.Message);    // checkpoint: latent 8 → 2·width 8
        Assert.Contains("[8, 16, 4, 4]", e.Message);   // model: latent 8 → 2·width 16
        Assert.Contains("generator", e.Message);

        var other = new DcganGenerator(32, latent: 8, width: 4);   // one more layer
        var e2 = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadGenerator(path, other));
        Assert.Contains("main.", e2.Message);
    }

    [Fact]
    public void Checkpoints_are_written_atomically()
    {
        string path = Path.Combine(_dir, "atomic.ckpt");
        File.WriteAllText(path, "previous good file");
        Assert.Throws<IOException>(() => Checkpoint.WriteAtomically(path, w => { w.Write(new byte[1000]); throw new IOException("disk full"); }));
        Assert.Equal("previous good file", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));        // no temporary file left behind
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadInfo(path));
        Assert.Contains("not a", e.Message);
    }

    [Fact]
    public void Freezing_D_stops_its_updates_but_not_Gs()
    {
        var (g, d) = TinyDcgan(seed: 2);
        using var trainer = GanTrainer.Create(g, d, new TrainerOptions { FreezeDiscriminatorAfter = 2 });
        var data = Images();
        trainer.Fit(data, 2);
        var dBefore = d.parameters().Select(p => p.detach().clone()).ToList();
        var gBefore = g.parameters().Select(p => p.detach().clone()).ToList();
        var frozen = trainer.Fit(data, 3);
        Assert.All(d.parameters().Zip(dBefore), pair => Assert.True(pair.First.equal(pair.Second).all().item<bool>()));
        Assert.Contains(g.parameters().Zip(gBefore), pair => !pair.First.equal(pair.Second).all().item<bool>());
        Assert.Equal(new[] { false, false, true, true, true }, trainer.History.Select(h => h.DFrozen).ToArray());
        Assert.All(frozen, h => Assert.Equal(0f, h.GradNormD));
        Assert.All(frozen, h => Assert.True(h.GradNormG > 0));
    }

    [Fact]
    public void A_NaN_loss_stops_training_naming_the_step_and_keeps_the_last_good_checkpoint()
    {
        string path = Path.Combine(_dir, "nan.ckpt");
        var data = Images();
        data[4] = data[4].clone();
        data[4][0, 0, 0, 0] = tensor(float.NaN);        // the 5th batch holds a NaN pixel
        var (g, d) = TinyDcgan(seed: 3);
        using var trainer = GanTrainer.Create(g, d, new TrainerOptions { CheckpointPath = path, CheckpointEvery = 2 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data, 10));
        Assert.Equal(5, e.Step);
        Assert.Contains("step 5", e.Message);
        Assert.Contains("D loss is NaN", e.Message);
        Assert.Contains($"checkpoint (step 4) is kept at {path}", e.Message);
        Assert.Equal(4, trainer.Step);
        Assert.Equal(4, Checkpoint.ReadInfo(path).Step);
        Assert.All(g.parameters().Concat(d.parameters()), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void Snapshots_render_the_fixed_noise_at_intervals_and_history_has_every_figure()
    {
        var (g, d) = TinyDcgan(seed: 4);
        using var trainer = GanTrainer.Create(g, d, new TrainerOptions { SnapshotEvery = 2, SnapshotCount = 6, MeasureRealAfterUpdateEvery = 1 });
        var seen = new List<long>();
        var steps = new List<long>();
        trainer.SnapshotTaken += s => seen.Add(s.Step);
        trainer.StepCompleted += s => steps.Add(s.Step);
        var history = trainer.Fit(Images(), 4);
        Assert.Equal(new long[] { 0, 2, 4 }, seen.ToArray());
        Assert.Equal(new long[] { 1, 2, 3, 4 }, steps.ToArray());
        Assert.Equal(new long[] { 6, 3, 16, 16 }, trainer.Snapshots[2].Samples.shape);
        Assert.False(trainer.Snapshots[0].Samples.equal(trainer.Snapshots[2].Samples).all().item<bool>());
        foreach (var h in history)
        {
            Assert.InRange(h.DReal, 0f, 1f);
            Assert.InRange(h.DFake, 0f, 1f);
            Assert.InRange(h.DRealAfter, 0f, 1f);
            Assert.InRange(h.DFakeAfter, 0f, 1f);
            Assert.True(h.GradNormD > 0 && h.GradNormG > 0 && h.Seconds > 0);
        }
    }

    [Fact]
    public void Memory_stays_flat_no_tensor_outlives_a_step()
    {
        var g = new MlpGenerator(hidden: 16);
        var d = new MlpDiscriminator(hidden: 16);
        using var trainer = GanTrainer.Create(g, d, TrainerOptions.Toy2d with { Loss = new WassersteinGpLoss(), DiscriminatorSteps = 2 });
        var data = ToyMixture.Ring().Batches(32, seed: 1);
        trainer.Fit(data, 3);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        trainer.Fit(data, 30);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    /// <summary>The linear D(x) = 3·x₀ on 2-D points: its gradient is (3, 0) everywhere, norm 3.</summary>
    static MlpDiscriminator LinearD()
    {
        var d = new MlpDiscriminator(layers: 0);
        using (no_grad())
        {
            var p = d.parameters().ToList();
            p[0].copy_(tensor(new[] { 3f, 0f }).view(1, 2));
            p[1].zero_();
        }
        return d;
    }

    [Fact]
    public void Wgan_gp_adds_lambda_times_the_squared_gradient_norm_excess()
    {
        // A linear critic D(x) = 3·x₀ has gradient norm 3 everywhere: penalty (3 − 1)² = 4, times λ = 10.
        using var trainer = GanTrainer.Create(new MlpGenerator(hidden: 8), LinearD(), TrainerOptions.Toy2d with { Loss = new WassersteinGpLoss(), MeasureRealAfterUpdateEvery = 0 });
        var step = trainer.Fit(ToyMixture.Grid().Batches(16), 1)[0];
        Assert.Equal(step.DFake - step.DReal + 40f, step.LossD, 3);
        Assert.True(float.IsNaN(step.DRealAfter));
    }

    /// <summary>D's loss at the first step of a fresh trainer.</summary>
    static float FirstLossD<T>(Func<GanTrainer<T>> trainer, IEnumerable<Tensor> data)
    {
        using var t = trainer();
        return t.Fit(data, 1)[0].LossD;
    }

    [Fact]
    public void R1_adds_half_gamma_times_the_squared_gradient_norm_at_the_real_data()
    {
        // A linear D(x) = 3·x₀ has ‖∇D‖² = 9 at every real point: R1 adds γ/2 · 9 to D's loss, and draws no noise.
        GanTrainer<Tensor> Trainer(double gamma)
        {
            TorchRuntime.Current.Reseed(4);
            return GanTrainer.Create(new MlpGenerator(hidden: 8), LinearD(), TrainerOptions.Toy2d with { R1Gamma = gamma, MeasureRealAfterUpdateEvery = 0 });
        }
        var data = ToyMixture.Grid().Batches(16, seed: 2).Take(1).ToList();
        float without = FirstLossD(() => Trainer(0), data);
        Assert.Equal(without + 9f, FirstLossD(() => Trainer(2), data), 3);
        Assert.Equal(without + 45f, FirstLossD(() => Trainer(10), data), 3);
        Assert.Throws<ArgumentException>(() => Trainer(-1));
    }

    /// <summary>A two-scale D that is linear in each scale: D(x) = p · (2·Σ x₄ₓ₄ + Σ x₈ₓ₈), p a parameter (1).</summary>
    sealed class LinearTwoScaleD : nn.Module<Tensor[], Tensor>
    {
        readonly TorchSharp.Modules.Parameter p = nn.Parameter(ones(1));
        public LinearTwoScaleD() : base(nameof(LinearTwoScaleD)) => RegisterComponents();
        public override Tensor forward(Tensor[] x) => p * (2 * x[0].sum(new long[] { 1, 2, 3 }) + x[1].sum(new long[] { 1, 2, 3 }));
    }

    [Fact]
    public void R1_for_msg_gan_averages_the_squared_gradient_norms_over_the_scales()
    {
        // ‖∇D‖² per sample: 4 · 48 at 4x4 (2 per number, 3·4·4 numbers), 1 · 192 at 8x8: mean over the scales 192; γ = 1 adds 96.
        GanTrainer<Tensor[]> Trainer(double gamma)
        {
            TorchRuntime.Current.Reseed(6);
            var g = new MsgGanGenerator(8, latent: 8, width: 4, maxWidth: 8);
            return new GanTrainer<Tensor[]>(g, new LinearTwoScaleD(), MultiScale.Instance,
                TrainerOptions.MsgGan with { Loss = new NonSaturatingLoss(), Ema = null, R1Gamma = gamma });
        }
        using var rng = new torch.Generator(3);
        var data = new List<Tensor> { rand(new long[] { 4, 3, 8, 8 }, generator: rng).mul(2).sub(1) };
        float without = FirstLossD(() => Trainer(0), data);
        Assert.Equal(without + 96f, FirstLossD(() => Trainer(1), data), 2);
    }

    [Fact]
    public void Msg_gan_trains_through_the_same_loop()
    {
        TorchRuntime.Current.Reseed(6);
        var g = new MsgGanGenerator(8, latent: 8, width: 4, maxWidth: 8);
        var d = new MsgGanDiscriminator(8, width: 4, maxWidth: 8);
        using var trainer = GanTrainer.Create(g, d, TrainerOptions.MsgGan with { SnapshotEvery = 2, SnapshotCount = 4 });
        var data = Enumerable.Range(0, 3).Select(_ => rand(4, 3, 8, 8).mul(2).sub(1)).ToList();
        var history = trainer.Fit(data, 2);
        Assert.All(history, h => Assert.True(float.IsFinite(h.LossD) && float.IsFinite(h.LossG) && h.GradNormG > 0));
        Assert.Equal(new long[] { 4, 3, 8, 8 }, trainer.Snapshots[^1].Samples.shape);   // the full-size scale
        string path = Path.Combine(_dir, "msg.ckpt");
        trainer.SaveCheckpoint(path);
        var g2 = new MsgGanGenerator(8, latent: 8, width: 4, maxWidth: 8);
        Checkpoint.LoadGenerator(path, g2);   // MSG-GAN keeps an average of G (TrainerOptions.MsgGan.Ema): a checkpoint's generator is the average
        Assert.True(trainer.GEma!.parameters().First().equal(g2.parameters().First()).all().item<bool>());
        Checkpoint.LoadGenerator(path, g2, ema: false);
        Assert.True(g.parameters().First().equal(g2.parameters().First()).all().item<bool>());
    }

    [Fact]
    public void Toy_gan_learns_toward_the_ring()
    {
        TorchRuntime.Current.Reseed(0);
        var g = new MlpGenerator(hidden: 32, layers: 2);
        var d = new MlpDiscriminator(hidden: 32, layers: 2);
        using var trainer = GanTrainer.Create(g, d, TrainerOptions.Toy2d);
        var ring = ToyMixture.Ring();
        using var scope = NewDisposeScope();
        float Distance() => cdist(trainer.Sample(500), ring.MeansTensor()).min(1).values.mean().item<float>();
        float before = Distance();
        trainer.Fit(ring.Batches(64, seed: 2), 300);
        float after = Distance();
        Assert.True(after < 0.6f * before, $"mean distance to the nearest mode {before:F3} → {after:F3}");
    }
}
