using System.Runtime.InteropServices;

namespace GanLab.Notebooks.Execution;

/// <summary>The <c>dotnet</c> executable this process runs on, for what needs the SDK (restoring packages, launching the kernel).</summary>
public static class DotnetHost
{
    /// <summary>
    /// The absolute path of <c>dotnet</c>: the muxer itself when it launched this process, else the one at the root of
    /// the running runtime (<c>ROOT/shared/Microsoft.NETCore.App/VERSION/</c>), else under DOTNET_ROOT.
    /// </summary>
    /// <exception cref="FileNotFoundException">None of those exists.</exception>
    public static string Executable()
    {
        string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } process && Path.GetFileName(process) == exe)
            return new FileInfo(process).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? process;
        string runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = new DirectoryInfo(runtime.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Parent?.Parent;
        if (root is not null && File.Exists(Path.Combine(root.FullName, exe))) return Path.Combine(root.FullName, exe);
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot && File.Exists(Path.Combine(dotnetRoot, exe)))
            return Path.Combine(dotnetRoot, exe);
        throw new FileNotFoundException($"Cannot find the dotnet executable (looked beside the runtime in {runtime} and in DOTNET_ROOT). Set DOTNET_ROOT to the .NET installation folder.");
    }
}
