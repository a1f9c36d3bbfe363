using System.Diagnostics;
using GanLab.Notebooks;
using GanLab.Tests.Notebooks;

namespace GanLab.Tests.Kernel;

/// <summary>Runs a notebook through a real Jupyter kernel with Debian's nbclient (<c>nbclient_run.py</c> beside this file).</summary>
static class NbClient
{
    /// <summary>How the run ended: nbclient's exit status and stderr, the executed notebook, the wall time.</summary>
    public sealed record Result(int ExitCode, string Stderr, Notebook Executed, TimeSpan Elapsed);

    static string Script => Path.Combine(NotebookFiles.RepoRoot, "tests", "GanLab.Tests", "Kernel", "nbclient_run.py");

    /// <summary>
    /// Executes <paramref name="notebookPath"/> with kernel <paramref name="kernelName"/> from <paramref name="sandbox"/>,
    /// the kernel started in <paramref name="workingFolder"/> (as Jupyter starts it in the notebook's folder), and
    /// writes the executed notebook to <paramref name="outputPath"/>.
    /// </summary>
    public static Result Run(JupyterSandbox sandbox, string kernelName, string notebookPath, string outputPath, string workingFolder, TimeSpan cellTimeout, TimeSpan limit)
    {
        var psi = new ProcessStartInfo(JupyterSandbox.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Script, kernelName, notebookPath, outputPath, workingFolder, ((int)cellTimeout.TotalSeconds).ToString() }) psi.ArgumentList.Add(arg);
        sandbox.Apply(psi);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);   // nbclient and the kernel it started
            process.WaitForExit();
            Assert.Fail($"nbclient did not finish {Path.GetFileName(notebookPath)} within {limit.TotalMinutes:F0} min; its stderr:\n{Tail(stderr.Result)}");
        }
        process.WaitForExit();
        Assert.True(File.Exists(outputPath), $"nbclient wrote no notebook (exit {process.ExitCode}; needs Debian's python3-nbclient: bash .ci/install-deps):\n{Tail(stderr.Result)}");
        return new Result(process.ExitCode, stderr.Result, Notebook.Load(outputPath), clock.Elapsed);
    }

    /// <summary>The end of a long log, for a failure message.</summary>
    public static string Tail(string text, int chars = 4000) => text.Length <= chars ? text : "…" + text[^chars..];
}
