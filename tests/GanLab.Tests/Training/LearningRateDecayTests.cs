using GanLab.Data;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Training;

/// <summary>The trainer's learning-rate decay: its schedule, what the optimisers use, and exact resume when it is added late (the CLI's rules are in TrainCommandTests).</summary>
public class LearningRateDecayTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("ganlab-decay-").FullName;

    public LearningRateDecayTests() => TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static GanTrainer<Tensor> ToyTrainer(LearningRateDecay? decay, int seed = 1)
    {
        TorchRuntime.Current.Reseed(seed);
        return GanTrainer.Create(new MlpGenerator(hidden: 8, layers: 2), new MlpDiscriminator(hidden: 8, layers: 2),
            TrainerOptions.Toy2d with { LearningRateDecay = decay, Seed = 3 });
    }

    static List<Tensor> Ring => ToyMixture.Ring().Batches(16, seed: 2).Take(4).ToList();

    [Fact]
    public void The_rate_holds_then_falls_linearly_to_zero_and_stays_there()
    {
        var decay = LearningRateDecay.Linear(after: 10, steps: 4);
        Assert.Equal(new[] { 1, 1, 0.75, 0.5, 0.25, 0, 0 }, new long[] { 0, 10, 11, 12, 13, 14, 100 }.Select(decay.Factor));
        Assert.Contains("After must be 0 or more", Assert.Throws<ArgumentException>(() => LearningRateDecay.Linear(-1, 5)).Message);
        Assert.Contains("at least one step", Assert.Throws<ArgumentException>(() => LearningRateDecay.Linear(0, 0)).Message);
    }

    [Fact]
    public void The_trainer_trains_at_full_rate_until_After_then_at_the_falling_rate()
    {
        var data = Ring;
        var decay = LearningRateDecay.Linear(after: 3, steps: 4);
        using var constant = ToyTrainer(decay: null);
        using var decaying = ToyTrainer(decay);
        constant.Fit(data, 3);
        decaying.Fit(data, 3);
        Assert.True(EmaTests.Equal(EmaTests.Weights(constant.G), EmaTests.Weights(decaying.G)));   // three updates at the full rate
        Assert.Equal(1e-3, decaying.OptimizerG.ParamGroups.Single().LearningRate, 12);

        constant.Fit(data, 2);
        decaying.Fit(data, 2);
        Assert.False(EmaTests.Equal(EmaTests.Weights(constant.G), EmaTests.Weights(decaying.G)));
        Assert.Equal(0.75e-3, decaying.OptimizerG.ParamGroups.Single().LearningRate, 12);   // the update after 4 steps: 1 - 1/4
        Assert.Equal(0.75e-3, decaying.OptimizerD.ParamGroups.Single().LearningRate, 12);
    }

    [Fact]
    public void A_decay_added_on_resume_at_the_checkpoints_step_equals_a_run_that_had_it_from_the_start()
    {
        var data = Ring;
        var decay = LearningRateDecay.Linear(after: 3, steps: 3);
        using var uninterrupted = ToyTrainer(decay);
        var expected = uninterrupted.Fit(data, 6);

        string path = Path.Combine(_dir, "constant.ckpt");
        using (var first = ToyTrainer(decay: null))
        {
            first.Fit(data, 3);
            first.SaveCheckpoint(path);
        }
        using var resumed = ToyTrainer(decay, seed: 42);
        resumed.LoadCheckpoint(path);
        var rest = resumed.Fit(data, 3);
        Assert.Equal(expected.Skip(3).Select(s => (s.LossD, s.LossG)), rest.Select(s => (s.LossD, s.LossG)));
        Assert.True(EmaTests.Equal(EmaTests.Weights(uninterrupted.G), EmaTests.Weights(resumed.G)));
        Assert.True(EmaTests.Equal(EmaTests.Weights(uninterrupted.D), EmaTests.Weights(resumed.D)));
    }
}
