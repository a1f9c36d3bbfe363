using System.Diagnostics;
using System.Text;
using GanLab.Notebooks;
using GanLab.Notebooks.Execution;

namespace GanLab.Tests.Runtime;

/// <summary>
/// GanLab's long loops stop within two seconds of an interrupt, through the execution core every door shares (the
/// kernel's interrupt_request cancels the running cell exactly so): data generation, t-SNE, latent projection and
/// k-means. Training is checked through the kernel itself (KernelProtocolTests).
/// </summary>
public class NotebookInterruptTests
{
    public NotebookInterruptTests() => GanLab.Runtime.TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);

    public static TheoryData<string, string> Loops() => new()
    {
        { "data generation", "var faces = Datasets.Faces(100_000, size: 8, seed: 11, cache: false);" },
        { "t-SNE", "var xy = Tsne.FitTransform(randn(2000, 10), new TsneOptions { Iterations = 1_000_000, MinGradNorm = 0 });" },
        {
            "latent projection",
            "var g = new DcganGenerator(16, latent: 16, width: 8);\n" +
            "var found = LatentProjection.Project(g, rand(3, 16, 16) * 2 - 1, 16, new ProjectionOptions { Steps = 10_000_000, RecordEvery = 1_000_000 });"
        },
        { "k-means", "var clusters = KMeans.Fit(randn(20_000, 2), k: 8, nInit: 100_000, maxIterations: 1_000);" },
    };

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task An_interrupt_stops_the_loop_within_two_seconds_and_the_session_goes_on(string loop, string code)
    {
        var receiver = new Receiver();
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var session = new ExecutionSession(receiver, "interrupt test");
        Console.SetOut(session.StandardOutput);
        Console.SetError(session.StandardError);
        try
        {
            var setup = session.Execute(new CellRequest(string.Join("\n",
                "#r \"nuget: TorchSharp, 0.107.0\"",
                "#r \"nuget: SkiaSharp, 3.119.4\"",
                $"#r \"{typeof(GanLab.Runtime.TorchRuntime).Assembly.Location}\"",
                "using GanLab.Analysis; using GanLab.Data; using GanLab.Latent; using GanLab.Models;",
                "using static TorchSharp.torch;",
                "manual_seed(3);"), "setup", 1));
            Assert.True(setup.Status == RunStatus.Completed, setup.Summary);

            using var interrupt = new CancellationTokenSource();
            var cell = Task.Run(() => session.Execute(new CellRequest($"Console.WriteLine(\"started\");\n{code}\nConsole.WriteLine(\"finished\");", loop, 2), interrupt.Token));
            Assert.True(receiver.Started.Wait(TimeSpan.FromMinutes(2)), $"the {loop} cell never started: {receiver.Text}");
            Thread.Sleep(1000);   // well inside the loop
            Assert.False(cell.IsCompleted, $"the {loop} cell ended before the interrupt; make it longer: {receiver.Text}");
            var clock = Stopwatch.StartNew();
            interrupt.Cancel();
            var result = await cell;
            clock.Stop();

            Assert.True(result.Status == RunStatus.Interrupted, $"{loop}: {result.Status} {result.Summary}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{loop} took {clock.Elapsed.TotalSeconds:F2} s to stop");
            Assert.DoesNotContain("finished", receiver.Text);
            var next = session.Execute(new CellRequest("1 + 1", "next", 3));
            Assert.True(next.Status == RunStatus.Completed, $"the cell after the interrupted {loop}: {next.Summary}");
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    /// <summary>Keeps what the cells print; <see cref="Started"/> is set when "started" is printed.</summary>
    sealed class Receiver : IOutputReceiver
    {
        readonly StringBuilder _text = new();

        public ManualResetEventSlim Started { get; } = new();

        public string Text
        {
            get { lock (_text) return _text.ToString(); }
        }

        public void Stream(string name, string text)
        {
            lock (_text) _text.Append(text);
            if (Text.Contains("started", StringComparison.Ordinal)) Started.Set();
        }

        public void Output(CellOutput output)
        {
            lock (_text) _text.Append(output.EName).Append(": ").Append(output.EValue).Append('\n');
        }

        public void Update(string displayId, Dictionary<string, string> data) { }
    }
}
