using System.Diagnostics;
using System.Text.Json.Nodes;
using GanLab.Runtime;

namespace GanLab.Tests.Kernel;

/// <summary>
/// The last .NET Interactive (Polyglot Notebooks' kernel) as a Jupyter kernel: the tool installed once into GanLab's
/// cache (<c>dotnet tool install --tool-path</c>, seconds), and the kernelspec <c>dotnet interactive jupyter install</c>
/// would write, but in a <see cref="JupyterSandbox"/>.
/// </summary>
static class DotnetInteractive
{
    public const string Version = "1.0.712001";

    /// <summary>The kernelspec name the course notebooks' Polyglot metadata has always named.</summary>
    public const string KernelName = ".net-csharp";

    static readonly Lazy<string> Tool = new(Install);

    /// <summary>The installed <c>dotnet-interactive</c> executable.</summary>
    public static string Executable => Tool.Value;

    /// <summary>Adds the C# kernelspec to <paramref name="sandbox"/>.</summary>
    public static void AddKernelspec(JupyterSandbox sandbox) => sandbox.AddKernelspec(KernelName, new JsonObject
    {
        ["argv"] = new JsonArray(Executable, "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"),
        ["display_name"] = ".NET (C#)",
        ["language"] = "C#",
        ["env"] = new JsonObject { ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
    });

    /// <summary>Installs the tool into a fresh folder and renames it into place, so concurrent runs never see half an install.</summary>
    static string Install()
    {
        string folder = Path.Combine(GanLabCache.Directory, "tools", "dotnet-interactive-" + Version);
        string executable = Path.Combine(folder, OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive");
        if (File.Exists(executable)) return executable;

        string staging = folder + ".tmp-" + Environment.ProcessId;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "tool", "install", "Microsoft.dotnet-interactive", "--version", Version, "--tool-path", staging }) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(300_000), "dotnet tool install of Microsoft.dotnet-interactive did not finish within 5 minutes.");
        Assert.True(process.ExitCode == 0, $"dotnet tool install Microsoft.dotnet-interactive --version {Version} failed (it needs the NuGet feed):\n{stdout.Result}\n{stderr}");
        try { Directory.Move(staging, folder); }
        catch (IOException) when (File.Exists(executable)) { Directory.Delete(staging, recursive: true); } // another run got there first
        return executable;
    }
}
