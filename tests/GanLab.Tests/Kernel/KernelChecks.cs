namespace GanLab.Tests.Kernel;

/// <summary>
/// Runs a scenario of <c>kernel_checks.py</c>, which drives GanLab's kernel with a real Jupyter client (Debian's
/// python3-jupyter-client), against the kernelspec <c>ganlab kernel install --prefix</c> wrote into
/// <see cref="JupyterSandbox.GanLabKernel"/>; nothing is written to the user's Jupyter folders.
/// </summary>
static class KernelChecks
{
    public static string GanLabDll => typeof(GanLab.Runtime.TorchRuntime).Assembly.Location;

    /// <summary>Runs <c>python3 kernel_checks.py SCENARIO</c>; fails the test with every check it printed.</summary>
    public static string Run(string scenario, TimeSpan limit)
    {
        var run = JupyterPython.Run(JupyterSandbox.GanLabKernel, "kernel_checks.py", new[] { scenario }, limit,
            new Dictionary<string, string> { ["GANLAB_DLL"] = GanLabDll });
        Assert.True(run.ExitCode == 0, $"kernel_checks.py {scenario} failed (exit {run.ExitCode}):\n{run.Output}");
        return run.Output;
    }
}
