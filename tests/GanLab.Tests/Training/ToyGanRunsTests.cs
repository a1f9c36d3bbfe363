using GanLab.Data;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Training;

/// <summary>Several toy GANs trained as one batched model give each seed exactly what GanTrainer gives it alone.</summary>
public class ToyGanRunsTests
{
    public ToyGanRunsTests() => TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);

    /// <summary>What a notebook does for one seed: torch seeded, G then D made, GanTrainer with that seed, batches seeded with it.</summary>
    static (GanTrainer<Tensor> Trainer, IReadOnlyList<TrainingStep> History) Alone(ToyGanSetup setup, long seed, ToyMixture mixture, int steps)
    {
        TorchRuntime.Current.Reseed((int)seed);
        var g = new MlpGenerator(setup.Latent, setup.Hidden, setup.Layers);
        nn.Module<Tensor, Tensor> d = setup.Pack > 1
            ? new PackedDiscriminator(new MlpDiscriminator(2 * setup.Pack, setup.Hidden, setup.Layers), setup.Pack)
            : new MlpDiscriminator(2, setup.Hidden, setup.Layers);
        var trainer = GanTrainer.Create(g, d, setup.Options with { Seed = seed });
        var history = trainer.Fit(mixture.Batches(setup.BatchSize, seed), steps);
        return (trainer, history);
    }

    static void AssertSameRuns(ToyGanSetup setup, int steps, int samples = 50)
    {
        long[] seeds = { 3, 8, 5 };
        var mixture = ToyMixture.Ring();
        using var runs = new ToyGanRuns(setup, seeds);
        runs.Fit(mixture, steps / 2);
        runs.Fit(mixture, steps - steps / 2);   // the batch streams continue across calls
        var batched = runs.Sample(samples);
        Assert.Equal(new long[] { seeds.Length, samples, 2 }, batched.shape);
        for (int r = 0; r < seeds.Length; r++)
        {
            var (trainer, history) = Alone(setup, seeds[r], mixture, steps);
            using (trainer)
            {
                var mine = runs.History(r);
                Assert.Equal(steps, mine.Count);
                // The same arithmetic, up to the order of a few sums: MKL's batched product sums D's one-unit head (and a
                // packed first layer's weight gradient) in another order than its single product, and a mean over each
                // run's points differs in its last bit from the mean over one run's. So: equal to float precision.
                using var g = runs.Generator(r);
                AssertClose(Weights(trainer.G), Weights(g));
                using var d = runs.Discriminator(r);
                AssertClose(Weights(trainer.D), Weights(d));
                AssertClose(trainer.Sample(samples).data<float>(), batched[r].data<float>());
                AssertClose(history.Select(h => h.LossD), mine.Select(h => h.LossD));
                AssertClose(history.Select(h => h.LossG), mine.Select(h => h.LossG));
                AssertClose(history.Select(h => h.DReal), mine.Select(h => h.DReal));
                AssertClose(history.Select(h => h.DFakeAfter), mine.Select(h => h.DFakeAfter));
                Assert.Equal(history.Select(h => h.DFrozen), mine.Select(h => h.DFrozen));
            }
        }
    }

    static float[] Weights(nn.Module m) => m.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    static void AssertClose(IEnumerable<float> expected, IEnumerable<float> actual)
    {
        var (e, a) = (expected.ToArray(), actual.ToArray());
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5 * Math.Max(1, Math.Abs(e[i])), $"[{i}]: {e[i]} alone, {a[i]} batched");
    }

    [Fact]
    public void Each_run_equals_its_seed_trained_alone() => AssertSameRuns(new ToyGanSetup { Hidden = 32 }, steps: 40);

    [Fact]
    public void Each_run_equals_its_seed_alone_with_hinge_loss_and_D_frozen_halfway() =>
        AssertSameRuns(new ToyGanSetup { Hidden = 32, Latent = 1, Options = TrainerOptions.Toy2d with { Loss = new HingeLoss(), FreezeDiscriminatorAfter = 20 } }, steps: 40);

    [Fact]
    public void Each_run_equals_its_seed_alone_with_WGAN_GP_and_several_D_steps() =>
        AssertSameRuns(new ToyGanSetup { Hidden = 32, Options = TrainerOptions.Toy2d with { Loss = new WassersteinGpLoss(), DiscriminatorSteps = 3, LearningRateG = 1e-4, LearningRateD = 1e-4, Beta2 = 0.9 } }, steps: 20);

    [Fact]
    public void Each_run_equals_its_seed_alone_with_a_packed_D() =>
        AssertSameRuns(new ToyGanSetup { Hidden = 32, Pack = 2, Options = TrainerOptions.Toy2d with { Loss = new MinimaxLoss() } }, steps: 30);

    [Fact]
    public void Batched_runs_repeat_exactly()
    {
        float[] Run()
        {
            using var runs = new ToyGanRuns(new ToyGanSetup { Hidden = 16 }, new long[] { 1, 2 });
            runs.Fit(ToyMixture.Grid(), 15);
            return runs.Sample(20).data<float>().Concat(runs.History(1).Select(h => h.LossD)).ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Losses_that_compare_batches_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new ToyGanRuns(new ToyGanSetup { Options = TrainerOptions.Toy2d with { Loss = new RelativisticHingeLoss() } }, new long[] { 1 }));
        Assert.Contains("GanTrainer", e.Message);
        Assert.Throws<ArgumentException>(() => new ToyGanRuns(new ToyGanSetup(), Array.Empty<long>()));
    }
}
