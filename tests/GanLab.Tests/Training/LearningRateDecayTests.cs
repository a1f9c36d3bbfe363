using GanLab.Cli;
using GanLab.Cli.Commands;
using GanLab.Data;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Training;

/// <summary>The trainer's learning-rate decay: its schedule, what the optimisers use, exact resume when it is added late, and the CLI's rules.</summary>
public class LearningRateDecayTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("ganlab-decay-").FullName;

    public LearningRateDecayTests() => TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static List<Tensor> Weights(nn.Module m) => m.parameters().Select(p => p.detach().clone()).ToList();

    static bool Equal(IEnumerable<Tensor> a, IEnumerable<Tensor> b) => a.Zip(b).All(p => p.First.equal(p.Second).all().item<bool>());

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
        Assert.True(Equal(Weights(constant.G), Weights(decaying.G)));   // three updates at the full rate
        Assert.Equal(1e-3, decaying.OptimizerG.ParamGroups.Single().LearningRate, 12);

        constant.Fit(data, 2);
        decaying.Fit(data, 2);
        Assert.False(Equal(Weights(constant.G), Weights(decaying.G)));
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
        Assert.True(Equal(Weights(uninterrupted.G), Weights(resumed.G)));
        Assert.True(Equal(Weights(uninterrupted.D), Weights(resumed.D)));
    }

    static int Train(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        try { return GanLabCommandLine.Invoke(new[] { "train", "--device", "cpu", "--threads", "1", "--model", "toy2d", "--data", "ring", "--hidden", "16" }.Concat(args).ToArray()); }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    [Fact]
    public void Train_adds_a_decay_on_resume_only_from_the_checkpoints_step_on_and_keeps_it()
    {
        string run = Path.Combine(_dir, "run"), checkpoint = Path.Combine(run, TrainCommand.CheckpointFile);
        Assert.Equal(0, Train("--steps", "4", "--out", run));
        var early = Assert.Throws<CliException>(() => Train("--steps", "8", "--out", run, "--resume", "--lr-decay-after", "2"));
        Assert.Contains("--lr-decay-after 4 or more", early.Message);
        Assert.Contains("--lr-decay-steps goes with --lr-decay-after",
            Assert.Throws<CliException>(() => Train("--steps", "8", "--out", run, "--resume", "--lr-decay-steps", "4")).Message);

        Assert.Equal(0, Train("--steps", "6", "--out", run, "--resume", "--lr-decay-after", "4"));   // falls to zero at --steps 6
        Assert.Equal(LearningRateDecay.Linear(4, 2), Checkpoint.ReadInfo(checkpoint).Options!.LearningRateDecay);
        var other = Assert.Throws<CliException>(() => Train("--steps", "8", "--out", run, "--resume", "--lr-decay-after", "6"));
        Assert.Contains("--lr-decay-after 4 --lr-decay-steps 2", other.Message);
        Assert.Equal(0, Train("--steps", "7", "--out", run, "--resume"));   // the checkpoint's decay: step 7 trains at rate 0
    }
}
