using System.Diagnostics;
using GanLab.Tests.Notebooks;

namespace GanLab.Tests.Kernel;

/// <summary>
/// Runs the Python scripts beside this file (Jupyter clients: jupyter_client, nbclient) with Debian's Python, every
/// Jupyter path pointing into a <see cref="JupyterSandbox"/>, and fails the test with the script's output when it
/// cannot run or runs past its limit.
/// </summary>
static class JupyterPython
{
    /// <summary>How a script ended: its exit status and what it printed.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>stdout and stderr together, for a failure message.</summary>
        public string Output => Stdout + Stderr;
    }

    /// <summary>Debian's Python, where python3-jupyter-client, python3-nbclient and jupyter-notebook are installed (not a pyenv or venv one on PATH).</summary>
    public static string Executable => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>A script in tests/GanLab.Tests/Kernel.</summary>
    public static string Script(string name) => Path.Combine(NotebookFiles.RepoRoot, "tests", "GanLab.Tests", "Kernel", name);

    /// <summary>
    /// Runs <c>python3 SCRIPT ARGS...</c> in <paramref name="sandbox"/> with the extra <paramref name="environment"/>;
    /// kills it with its children (kernels it started) after <paramref name="limit"/>, failing the test.
    /// </summary>
    public static Result Run(JupyterSandbox sandbox, string script, IEnumerable<string> args, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        psi.ArgumentList.Add(Script(script));
        foreach (string arg in args) psi.ArgumentList.Add(arg);
        sandbox.Apply(psi);
        psi.Environment["PYTHONUNBUFFERED"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{script} {string.Join(" ", args)} ran past {limit.TotalSeconds:0} s:\n{Tail(stdout.Result + stderr.Result)}");
        }
        process.WaitForExit();
        var result = new Result(process.ExitCode, stdout.Result, stderr.Result);
        foreach (string module in new[] { "jupyter_client", "nbclient", "nbformat" })
            if (result.Output.Contains($"No module named '{module}'", StringComparison.Ordinal))
                Assert.Fail($"{script} needs Debian's python3-jupyter-client, python3-nbclient and python3-nbformat: run bash .ci/install-deps.\n{Tail(result.Output)}");
        return result;
    }

    /// <summary>The end of a long log, for a failure message.</summary>
    public static string Tail(string text, int chars = 4000) => text.Length <= chars ? text : "…" + text[^chars..];
}
