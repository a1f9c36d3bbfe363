using GanLab.Cli;
using GanLab.Cli.Commands;
using GanLab.Models;
using GanLab.Training;

namespace GanLab.Tests.Training;

public class TrainCommandTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), $"ganlab-traincmd-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
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

    static string[] Losses(string dir) => File.ReadAllLines(Path.Combine(dir, "history.csv")).Skip(1).Select(l => string.Join(',', l.Split(',')[..3])).ToArray();

    [Fact]
    public void Train_writes_checkpoint_grids_and_history_and_resume_continues_exactly()
    {
        string whole = Path.Combine(_dir, "whole"), split = Path.Combine(_dir, "split");
        Assert.Equal(0, Train("--steps", "30", "--out", whole));
        Assert.Equal(0, Train("--steps", "15", "--out", split));
        Assert.Equal(0, Train("--steps", "30", "--out", split, "--resume"));

        Assert.Equal(30, Checkpoint.ReadInfo(Path.Combine(split, TrainCommand.CheckpointFile)).Step);
        Assert.Equal(new Toy2dSettings { Hidden = 16 }, Checkpoint.ReadInfo(Path.Combine(split, TrainCommand.CheckpointFile)).Model);
        Assert.Equal(Losses(whole), Losses(split));
        Assert.Equal(30, Losses(split).Length);
        Assert.True(File.Exists(Path.Combine(whole, "samples.png")));
        Assert.True(File.Exists(Path.Combine(whole, "samples", "step-00000030.png")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(split, "command.txt")).Length);
    }

    [Fact]
    public void Resume_refuses_other_settings_and_a_missing_checkpoint()
    {
        var e = Assert.Throws<CliException>(() => Train("--steps", "5", "--out", Path.Combine(_dir, "none"), "--resume"));
        Assert.Contains("no checkpoint", e.Message);
        Assert.Throws<CliException>(() => Train("--steps", "5", "--out", _dir, "--data", "faces"));
    }

    [Fact]
    public void Resume_refuses_a_model_size_or_an_option_that_differs_from_the_checkpoint()
    {
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, Train("--steps", "4", "--out", run, "--lr", "0.002"));
        var deeper = Assert.Throws<CliException>(() => Train("--steps", "8", "--out", run, "--resume", "--layers", "4"));
        Assert.Contains("Layers = 3", deeper.Message);
        Assert.Contains("Layers = 4", deeper.Message);
        var slower = Assert.Throws<CliException>(() => Train("--steps", "8", "--out", run, "--resume", "--lr", "0.001"));
        Assert.Contains("--lr 0.002", slower.Message);
        Assert.Equal(0, Train("--steps", "8", "--out", run, "--resume"));   // the checkpoint's --lr 0.002, not the preset's
        Assert.Equal(0.002, Checkpoint.ReadInfo(Path.Combine(run, TrainCommand.CheckpointFile)).Options!.LearningRateG);
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

    [Fact]
    public void Train_keeps_r1_in_the_checkpoint_and_resume_continues_it_exactly()
    {
        string plain = Path.Combine(_dir, "plain"), whole = Path.Combine(_dir, "whole"), split = Path.Combine(_dir, "split");
        Assert.Equal(0, Train("--steps", "6", "--out", plain));
        Assert.Equal(0, Train("--steps", "6", "--out", whole, "--r1", "5"));
        Assert.Equal(0, Train("--steps", "3", "--out", split, "--r1", "5"));
        Assert.Equal(0, Train("--steps", "6", "--out", split, "--resume"));   // the checkpoint's --r1 5

        Assert.Equal(Losses(whole), Losses(split));
        Assert.NotEqual(Losses(plain)[0], Losses(whole)[0]);                   // the penalty is in D's loss from the first step
        Assert.Equal(5, Checkpoint.ReadInfo(Path.Combine(split, TrainCommand.CheckpointFile)).Options!.R1Gamma);
        var other = Assert.Throws<CliException>(() => Train("--steps", "8", "--out", split, "--resume", "--r1", "1"));
        Assert.Contains("--r1 5", other.Message);
        var negative = Assert.Throws<CliException>(() => Train("--steps", "2", "--out", Path.Combine(_dir, "neg"), "--r1", "-1"));
        Assert.Contains("0 (none) or more", negative.Message);
    }
}
