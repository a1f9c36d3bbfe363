using System.Diagnostics;
using GanLab.Cli.Commands;
using GanLab.Tests.Notebooks;

namespace GanLab.Tests.Kernel;

/// <summary>
/// Runs the Python checks that drive GanLab's kernel with real Jupyter clients (Debian's python3-jupyter-client and
/// python3-nbclient). The kernelspec is installed once per test run with <c>ganlab kernel install --prefix</c> into a
/// temporary folder, found through JUPYTER_PATH; Jupyter's runtime and config folders are temporary too, so nothing
/// is written to the user's Jupyter folders.
/// </summary>
static class KernelChecks
{
    static readonly Lazy<string> Jupyter = new(() =>
    {
        string prefix = Directory.CreateTempSubdirectory("ganlab-kernelspec-").FullName;
        KernelCommand.Install(prefix);
        return prefix;
    });

    public static string Script(string name) => Path.Combine(NotebookFiles.RepoRoot, "tests", "GanLab.Tests", "Kernel", name);

    public static string GanLabDll => typeof(GanLab.Runtime.TorchRuntime).Assembly.Location;

    /// <summary>Runs <c>python3 SCRIPT ARGS...</c> against the installed kernel; fails the test with the script's output.</summary>
    public static string RunPython(string script, TimeSpan timeout, params string[] args)
    {
        string prefix = Jupyter.Value;
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        psi.ArgumentList.Add(Script(script));
        foreach (string arg in args) psi.ArgumentList.Add(arg);
        psi.Environment["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter");
        psi.Environment["JUPYTER_RUNTIME_DIR"] = Directory.CreateDirectory(Path.Combine(prefix, "runtime")).FullName;
        psi.Environment["JUPYTER_CONFIG_DIR"] = Directory.CreateDirectory(Path.Combine(prefix, "config")).FullName;
        psi.Environment["GANLAB_DLL"] = GanLabDll;
        psi.Environment["PYTHONUNBUFFERED"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{script} {string.Join(" ", args)} ran past {timeout.TotalSeconds:0} s:\n{stdout.Result}\n{stderr.Result}");
        }
        string output = stdout.Result + stderr.Result;
        if (output.Contains("No module named 'jupyter_client'", StringComparison.Ordinal) || output.Contains("No module named 'nbclient'", StringComparison.Ordinal))
            Assert.Fail($"The kernel tests need Debian's python3-jupyter-client and python3-nbclient: run bash .ci/install-deps.\n{output}");
        Assert.True(process.ExitCode == 0, $"{script} {string.Join(" ", args)} failed (exit {process.ExitCode}):\n{output}");
        return output;
    }
}
