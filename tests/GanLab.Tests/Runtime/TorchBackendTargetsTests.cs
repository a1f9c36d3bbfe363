using System.Diagnostics;
using GanLab.Tests.Notebooks;

namespace GanLab.Tests.Runtime;

/// <summary>lib/TorchBackend.targets, which the ganlab command and the tests import: a TorchBackend it does not know stops the restore with the remedy.</summary>
public class TorchBackendTargetsTests : IDisposable
{
    readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"ganlab-backend-{Guid.NewGuid():N}")).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_unknown_torch_backend_is_a_build_error_that_names_the_known_ones()
    {
        string targets = Path.Combine(NotebookFiles.RepoRoot, "lib", "TorchBackend.targets");
        File.WriteAllText(Path.Combine(_dir, "app.csproj"),
            $"<Project Sdk=\"Microsoft.NET.Sdk\"><Import Project=\"{targets}\" /><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet, new[] { "restore", "-p:TorchBackend=gpu", "-nologo" })
        { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("TorchBackend 'gpu' is not known. Use cpu (the default) or cuda", output);
    }
}
