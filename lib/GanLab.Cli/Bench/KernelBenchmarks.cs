using GanLab.Cli.Commands;
using GanLab.Kernel;
using GanLab.Notebooks.Execution;

namespace GanLab.Cli.Bench;

/// <summary>The Jupyter kernel as a front end sees it, over ZeroMQ: launch to ready, and a small cell's round trip.</summary>
public static class KernelBenchmarks
{
    /// <summary>
    /// kernel.ready_s: from starting the kernel process (as a kernelspec does) to the kernel_info reply and its IOPub
    /// status (jupyter_client's wait_for_ready); kernel.roundtrip_ms: the median time from sending a small
    /// execute_request to its idle status, after a first cell has warmed the compiler.
    /// </summary>
    public static Benchmark Kernel { get; } = new(
        new[] { "kernel.ready_s", "kernel.roundtrip_ms" },
        "Jupyter kernel over ZeroMQ: launch to kernel_info reply, then the median small execute to idle",
        ctx =>
        {
            string dll = KernelCommand.BuiltKernel() is { } built && File.Exists(built) ? built
                : throw new InvalidOperationException("The kernel is not built: dotnet build GanLab.sln -c Release");
            using var client = KernelClient.Launch(DotnetHost.Executable(), dll, Environment.CurrentDirectory);
            client.WaitForReady(TimeSpan.FromSeconds(60));
            double ready = (DateTime.UtcNow - client.Started).TotalSeconds;
            client.Execute("var total = 0;", TimeSpan.FromMinutes(2));   // the compiler's first cell
            int runs = ctx.Quick ? 15 : 50;
            var times = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var (reply, _) = client.Execute($"total += {i};", TimeSpan.FromSeconds(60));
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (reply.Content["status"]?.GetValue<string>() != "ok") throw new InvalidOperationException($"The benchmark cell failed: {reply.Content.ToJsonString()}");
            }
            times.Sort();
            return new[]
            {
                new BenchResult("kernel.ready_s", ready, "s"),
                new BenchResult("kernel.roundtrip_ms", times[times.Count / 2], "ms"),
            };
        });
}
