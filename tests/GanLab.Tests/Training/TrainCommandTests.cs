using GanLab.Cli;
using GanLab.Cli.Commands;
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
        Assert.Equal("toy2d", Checkpoint.ReadInfo(Path.Combine(split, TrainCommand.CheckpointFile)).Metadata["model"]);
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
}
