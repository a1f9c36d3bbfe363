using GanLab.Cli.Bench;
using GanLab.Models;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Init_chooses_cpu_threads_and_seed_and_reports_them_in_one_line()
    {
        var log = new StringWriter();
        var rt = TorchRuntime.Init(device: "cpu", threads: 2, seed: 7, log: log);
        Assert.Equal(DeviceType.CPU, rt.Device.type);
        Assert.Equal(2, rt.Threads);
        Assert.Equal(2, torch.get_num_threads());
        Assert.Equal(7, rt.Seed);
        string line = log.ToString().Trim().Split('\n')[^1];
        Assert.Contains("TorchSharp 0.107.0", line);
        Assert.Contains("device cpu", line);
        Assert.Contains("2 threads", line);
        Assert.Contains("seed 7", line);
    }

    [Fact]
    public void WithThreads_sets_torchs_thread_count_until_disposed_and_then_restores_it()
    {
        TorchRuntime.Init(device: "cpu", threads: 2, quiet: true);
        using (TorchRuntime.WithThreads(1))
        {
            Assert.Equal(1, torch.get_num_threads());
            using (TorchRuntime.WithThreads(3)) Assert.Equal(3, torch.get_num_threads());
            Assert.Equal(1, torch.get_num_threads());
        }
        Assert.Equal(2, torch.get_num_threads());
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.WithThreads(0));
    }

    [Fact]
    public void OneDnn_is_capped_on_zen5_so_that_a_dcgan_step_gives_finite_gradients_for_many_steps()
    {
        var rt = TorchRuntime.Init(device: "cpu", quiet: true);
        bool userSet = Environment.GetEnvironmentVariable(OneDnnIsa.Variable) is { Length: > 0 } && rt.OneDnnNote is null;
        if (OneDnnIsa.IsZen5() && !userSet && Environment.GetEnvironmentVariable(OneDnnIsa.SwitchVariable) != "0")
        {
            Assert.Equal("SSE41", System.Runtime.InteropServices.Marshal.PtrToStringAnsi(getenv(OneDnnIsa.Variable)));
            Assert.Contains("oneDNN capped at SSE41", rt.Summary);
        }
        // What the cap is for: 60 DCGAN steps (D on real and fake, then G), every gradient finite. Uncapped on a
        // Zen 5 VM the first conv's weight gradient was NaN within 1 to 17 steps in every run.
        rt.Reseed(3);
        var g = new DcganGenerator(32, width: 16);
        var d = new DcganDiscriminator(32, width: 16);
        using var optG = optim.Adam(g.parameters(), 2e-4, 0.5, 0.999);
        using var optD = optim.Adam(d.parameters(), 2e-4, 0.5, 0.999);
        for (int step = 1; step <= 60; step++)
        {
            using var scope = NewDisposeScope();
            var real = rand(32, 3, 32, 32) * 2 - 1;
            var fake = g.forward(randn(32, g.Latent));
            optD.zero_grad();
            var outReal = d.forward(real);
            var outFake = d.forward(fake.detach());
            var lossD = nn.functional.binary_cross_entropy_with_logits(outReal, ones_like(outReal))
                + nn.functional.binary_cross_entropy_with_logits(outFake, zeros_like(outFake));
            lossD.backward();
            Assert.True(d.parameters().All(p => p.grad!.isfinite().all().item<bool>()), $"a D gradient is not finite at step {step}");
            optD.step();
            optG.zero_grad();
            var outG = d.forward(fake);
            nn.functional.binary_cross_entropy_with_logits(outG, ones_like(outG)).backward();
            Assert.True(g.parameters().All(p => p.grad!.isfinite().all().item<bool>()), $"a G gradient is not finite at step {step}");
            optG.step();
        }
    }

    [Theory]
    // requested, CUDA libtorch there, CPU libtorch there, NVIDIA driver → CUDA backend first
    [InlineData("auto", true, false, true, true)]     // a kernel that restored TorchSharp-cuda-linux only, on a GPU machine
    [InlineData("auto", true, false, false, true)]    // ... without a GPU: the CUDA libtorch is the only one, and it runs on the CPU
    [InlineData("cpu", true, false, true, true)]
    [InlineData("auto", true, true, true, true)]      // both restored (or a CUDA build, which has libtorch_cpu too), and a GPU
    [InlineData("cuda:1", true, true, true, true)]
    [InlineData("cpu", true, true, true, false)]      // asked for the CPU: the CPU libtorch
    [InlineData("auto", true, true, false, false)]    // no GPU to use
    [InlineData("auto", false, true, true, false)]    // a CPU build on a GPU machine
    public void The_cuda_backend_starts_first_when_a_cuda_libtorch_is_there_and_wanted_or_the_only_one(
        string requested, bool cuda, bool cpu, bool driver, bool expected)
    {
        Assert.Equal(expected, TorchRuntime.CudaBackendFirst(requested, cuda, cpu, driver));
    }

    [Fact]
    public void Wsl2_with_its_nvidia_driver_counts_as_a_gpu_machine()
    {
        static Func<string, bool> Files(params string[] present) => present.Contains;
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(TorchRuntime.NvidiaDriverPresent(Files("/dev/dxg", "/usr/lib/wsl/lib/libcuda.so.1")));   // WSL2: no /dev/nvidia0
        Assert.False(TorchRuntime.NvidiaDriverPresent(Files("/dev/dxg")));                                    // WSL2 with another GPU vendor
        Assert.True(TorchRuntime.NvidiaDriverPresent(Files("/proc/driver/nvidia/version")));
        Assert.True(TorchRuntime.NvidiaDriverPresent(Files("/dev/nvidia0")));
        Assert.False(TorchRuntime.NvidiaDriverPresent(Files()));
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    static extern IntPtr getenv(string name);

    [Fact]
    public void Native_fix_is_applied_exactly_when_the_system_libstdcxx_is_too_old()
    {
        var rt = TorchRuntime.Init(device: "cpu", quiet: true);
        string libstdcxx = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.First(File.Exists);
        bool tooOld = !ElfVersions.Read(libstdcxx).Definitions().Contains("GLIBCXX_3.4.32");
        Assert.Equal(tooOld, rt.NativeFixApplied);
        if (tooOld)
        {
            Assert.Contains("GLIBCXX_3.4.32", rt.NativeFixNote);
            Assert.Contains("ganlab", rt.NativeFixNote);
            Assert.Contains("GanLab 0.1.0", rt.Summary);
            Assert.Contains("Debian libstdc++ fix applied", rt.Summary);
            // The NuGet cache is never modified: the patched copy lives in GanLab's own cache.
            Assert.DoesNotContain(".nuget", rt.NativeFixNote!.Split(": ")[^1]);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_numbers_from_torch_and_dotnet()
    {
        var rt = TorchRuntime.Init(device: "cpu", seed: 123, quiet: true);
        var a = torch.randn(5).data<float>().ToArray();
        int r1 = rt.Random.Next();
        rt.Reseed(123);
        var b = torch.randn(5).data<float>().ToArray();
        Assert.Equal(a, b);
        Assert.Equal(r1, rt.Random.Next());
    }

    [Theory]
    [InlineData("tpu", "Unknown device 'tpu'", "auto, cpu, cuda or cuda:N")]
    [InlineData("cuda:x", "no valid GPU index", "cuda:0")]
    public void Bad_device_names_say_what_is_wrong_and_what_to_use(string device, string cause, string remedy)
    {
        var e = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.Init(device: device, quiet: true));
        Assert.Contains(cause, e.Cause);
        Assert.Contains(remedy, e.Remedy);
    }

    [Fact]
    public void Cuda_requested_without_a_gpu_is_a_clear_error()
    {
        if (File.Exists("/proc/driver/nvidia/version")) return; // a GPU machine: CUDA may be there
        var e = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.Init(device: "cuda", quiet: true));
        Assert.Contains("CUDA is not available", e.Cause);
        Assert.Contains("TorchBackend=cuda", e.Remedy);
    }

    [Fact]
    public void Zero_threads_is_rejected()
    {
        var e = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.Init(threads: 0, quiet: true));
        Assert.Contains("Thread count 0", e.Cause);
    }

    [Fact]
    public void A_DCGAN_training_step_runs_through_the_runtime_and_changes_both_networks()
    {
        var rt = TorchRuntime.Init(device: "cpu", seed: 1, quiet: true);
        using var g = new DcganGenerator(32, 16, 8).to(rt.Device);
        using var d = new DcganDiscriminator(32, 8).to(rt.Device);
        var gBefore = g.parameters().First().detach().clone();
        var dBefore = d.parameters().First().detach().clone();
        using var real = torch.rand(8, 3, 32, 32).mul(2).sub(1);
        var step = new BareDcganStep(g, d, 8, rt.Device);
        var (lossD, lossG) = step.Run(real);
        Assert.True(float.IsFinite(lossD) && lossD > 0, $"D loss {lossD}");
        Assert.True(float.IsFinite(lossG) && lossG > 0, $"G loss {lossG}");
        Assert.True(g.parameters().First().sub(gBefore).abs().max().item<float>() > 0, "G's weights did not change");
        Assert.True(d.parameters().First().sub(dBefore).abs().max().item<float>() > 0, "D's weights did not change");
    }
}
