using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using GanLab.Cli;
using GanLab.Cli.Commands;
using GanLab.Kernel;
using GanLab.Notebooks.Execution;
using SkiaSharp;

namespace GanLab.Tests.Kernel;

/// <summary><c>ganlab kernel install/uninstall</c>, and the kernel's refusals to start on bad input, each with a clear message.</summary>
public class KernelInstallTests
{
    [Fact]
    public void Install_writes_a_kernelspec_that_starts_the_built_kernel_with_an_absolute_dotnet()
    {
        string prefix = Directory.CreateTempSubdirectory("ganlab-kernelspec-").FullName;
        string json = KernelCommand.Install(prefix);
        Assert.Equal(Path.Combine(prefix, "share", "jupyter", "kernels", "ganlab-csharp", "kernel.json"), json);
        var spec = JsonNode.Parse(File.ReadAllText(json))!;
        var argv = spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.True(Path.IsPathFullyQualified(argv[0]) && File.Exists(argv[0]), $"argv[0] must be dotnet by absolute path: {argv[0]}");
        Assert.Equal(OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet", Path.GetFileName(argv[0]));
        Assert.Equal(KernelCommand.BuiltKernel(), argv[1]);
        Assert.True(File.Exists(argv[1]) && File.Exists(Path.ChangeExtension(argv[1], ".runtimeconfig.json")), $"the built kernel: {argv[1]}");
        Assert.Equal(new[] { "-f", "{connection_file}" }, argv.Skip(2));
        Assert.Equal("C# (GanLab)", spec["display_name"]!.GetValue<string>());
        Assert.Equal("C#", spec["language"]!.GetValue<string>());
        Assert.Equal("message", spec["interrupt_mode"]!.GetValue<string>());
        Assert.Equal(Path.GetDirectoryName(argv[0]), spec["env"]!["DOTNET_ROOT"]!.GetValue<string>());
        Assert.Null(spec["metadata"]?["debugger"]);
        foreach (int size in new[] { 32, 64 })
        {
            using var logo = SKBitmap.Decode(Path.Combine(Path.GetDirectoryName(json)!, $"logo-{size}x{size}.png"));
            Assert.Equal((size, size), (logo.Width, logo.Height));
        }

        Assert.True(KernelCommand.Uninstall(prefix));
        Assert.False(Directory.Exists(Path.GetDirectoryName(json)));
        Assert.False(KernelCommand.Uninstall(prefix));
    }

    [Fact]
    public void User_and_prefix_together_are_refused()
    {
        var e = Assert.Throws<CliException>(() => GanLabCommandLine.Invoke("kernel", "install", "--user", "--prefix", "/tmp/x"));
        Assert.Contains("not both", e.Message);
    }

    static (int Code, string Stderr) StartKernel(params string[] args)
    {
        var psi = new ProcessStartInfo(DotnetHost.Executable()) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(KernelCommand.BuiltKernel()!);
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the kernel did not exit on bad input");
        }
        return (process.ExitCode, stderr.Result);
    }

    static string ConnectionFile(string json)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("ganlab-connection-").FullName, "kernel.json");
        File.WriteAllText(path, json);
        return path;
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public void Bad_connection_files_and_taken_ports_stop_the_kernel_with_a_message_saying_why()
    {
        var (code, stderr) = StartKernel();
        Assert.Equal(2, code);
        Assert.Contains("usage: dotnet GanLab.Kernel.dll -f <connection file>", stderr);

        (code, stderr) = StartKernel("-f", "/nonexistent/kernel-1.json");
        Assert.Equal(3, code);
        Assert.Contains("The connection file '/nonexistent/kernel-1.json' does not exist", stderr);

        (code, stderr) = StartKernel("-f", ConnectionFile("{ not json"));
        Assert.Equal(3, code);
        Assert.Contains("is not valid JSON", stderr);

        (code, stderr) = StartKernel("-f", ConnectionFile("""{"ip": "127.0.0.1", "key": "k", "shell_port": 5555}"""));
        Assert.Equal(3, code);
        Assert.Contains("has no valid \"iopub_port\"", stderr);

        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            int port = ((IPEndPoint)taken.LocalEndpoint).Port;
            string file = ConnectionFile($$"""
                {"ip": "127.0.0.1", "transport": "tcp", "key": "k", "signature_scheme": "hmac-sha256",
                 "shell_port": {{port}}, "iopub_port": {{FreePort()}}, "stdin_port": {{FreePort()}}, "control_port": {{FreePort()}}, "hb_port": {{FreePort()}}}
                """);
            (code, stderr) = StartKernel("-f", file);
            Assert.Equal(3, code);
            Assert.Contains($"Port {port} on 127.0.0.1 (the shell channel) is already in use", stderr);
        }
        finally { taken.Stop(); }
    }
}
