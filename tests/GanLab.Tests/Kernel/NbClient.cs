using System.Text.Json.Nodes;
using GanLab.Notebooks;

namespace GanLab.Tests.Kernel;

/// <summary>
/// Runs notebooks through a real Jupyter kernel with Debian's nbclient (<c>nbclient_run.py</c> beside this file), as
/// <c>jupyter nbconvert --execute</c> runs them: the course through GanLab's kernel and through .NET Interactive.
/// </summary>
static class NbClient
{
    /// <summary>
    /// How one notebook's run ended: nbclient's verdict (null when every cell ran), the executed notebook, its time, and
    /// why its kernel was started a second time (it died before its first cell), or null.
    /// </summary>
    public sealed record Result(string? Failure, Notebook Executed, TimeSpan Elapsed, string? Retried);

    /// <summary>
    /// Executes each notebook of <paramref name="jobs"/> (input path, output path) with kernel <paramref name="kernelName"/>
    /// from <paramref name="sandbox"/>, up to <paramref name="parallel"/> kernels at once in one nbclient process, each
    /// kernel started in <paramref name="workingFolder"/> (as Jupyter starts it beside the notebook). An output file is
    /// written also when a cell fails (up to that cell).
    /// </summary>
    public static IReadOnlyList<Result> Run(JupyterSandbox sandbox, string kernelName, IReadOnlyList<(string Input, string Output)> jobs,
        string workingFolder, TimeSpan cellTimeout, TimeSpan limit, int parallel = 1)
    {
        var args = new List<string> { kernelName, workingFolder, ((int)cellTimeout.TotalSeconds).ToString(), parallel.ToString() };
        foreach (var (input, output) in jobs) args.AddRange(new[] { input, output });
        var run = JupyterPython.Run(sandbox, "nbclient_run.py", args, limit);

        // One JSON line per notebook on stdout: {"index": I, "seconds": S, "error": null or what nbclient raised}.
        var reports = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonNode.Parse(line)!)
            .ToDictionary(report => report["index"]!.GetValue<int>());
        var results = new List<Result>();
        for (int i = 0; i < jobs.Count; i++)
        {
            Assert.True(reports.TryGetValue(i, out var report) && File.Exists(jobs[i].Output),
                $"nbclient did not run {Path.GetFileName(jobs[i].Input)} (exit {run.ExitCode}):\n{JupyterPython.Tail(run.Output)}");
            string? error = report!["error"]?.GetValue<string>();
            if (error is not null) error += $"\n--- the kernels' and nbclient's stderr, last part ---\n{JupyterPython.Tail(run.Stderr, 3000)}";
            results.Add(new Result(error, Notebook.Load(jobs[i].Output), TimeSpan.FromSeconds(report["seconds"]!.GetValue<double>()), report["retried"]?.GetValue<string>()));
        }
        return results;
    }

    /// <summary>Executes one notebook; see <see cref="Run(JupyterSandbox, string, IReadOnlyList{ValueTuple{string, string}}, string, TimeSpan, TimeSpan, int)"/>.</summary>
    public static Result Run(JupyterSandbox sandbox, string kernelName, string input, string output, string workingFolder, TimeSpan cellTimeout, TimeSpan limit) =>
        Run(sandbox, kernelName, new[] { (input, output) }, workingFolder, cellTimeout, limit)[0];
}
