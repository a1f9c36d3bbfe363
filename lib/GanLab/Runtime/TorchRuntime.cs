using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Runtime;

/// <summary>
/// The one entry point that sets torch up for GanLab: loads the native library (with the Debian 12 fix
/// where needed), chooses the device, sets the thread count and seeds torch and .NET randomness.
/// Tests, the <c>ganlab</c> command and notebooks all start with <see cref="Init"/>.
/// </summary>
/// <example><code>
/// var rt = TorchRuntime.Init(seed: 42);          // GanLab 0.1.0 | TorchSharp 0.107.0 | cpu | 2 threads | seed 42
/// var x = torch.randn(8, 100, device: rt.Device);
/// </code></example>
public sealed class TorchRuntime
{
    /// <summary>Environment variable that overrides the device: auto, cpu, cuda or cuda:N.</summary>
    public const string DeviceVariable = "GANLAB_DEVICE";
    /// <summary>Environment variable that overrides the number of CPU threads torch uses.</summary>
    public const string ThreadsVariable = "GANLAB_THREADS";

    static TorchRuntime? _current;

    TorchRuntime(Device device, int threads, int seed, NativeFix.Outcome fix, string? oneDnnNote)
    {
        OneDnnNote = oneDnnNote;
        Device = device;
        Threads = threads;
        Seed = seed;
        Random = new Random(seed);
        Fix = fix;
    }

    /// <summary>The device tensors and models should live on.</summary>
    public Device Device { get; }

    /// <summary>Number of CPU threads torch uses for intra-op parallelism.</summary>
    public int Threads { get; }

    /// <summary>The seed given to torch and to <see cref="Random"/>.</summary>
    public int Seed { get; }

    /// <summary>.NET randomness seeded with <see cref="Seed"/>, for everything that does not draw from torch.</summary>
    public Random Random { get; private set; }

    /// <summary>True when GanLab loaded a patched copy of TorchSharp's native wrapper (old libstdc++).</summary>
    public bool NativeFixApplied => Fix.Applied;

    /// <summary>What the native fix did and where its copy lives, or null when none was needed.</summary>
    public string? NativeFixNote => Fix.Note;

    internal NativeFix.Outcome Fix { get; }

    /// <summary>Whether oneDNN's instruction set was capped on this CPU (see <c>OneDnnIsa</c>), or null.</summary>
    public string? OneDnnNote { get; }

    /// <summary>The runtime set up by the last <see cref="Init"/>; sets up the defaults if none was.</summary>
    public static TorchRuntime Current => _current ?? Init(quiet: true);

    /// <summary>GanLab's version.</summary>
    public static string LibraryVersion => typeof(TorchRuntime).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    /// <summary>TorchSharp's version.</summary>
    public static string TorchSharpVersion => typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?";

    /// <summary>
    /// Sets torch up. Safe to call again (a notebook cell rerun): the native library loads once, and the device,
    /// threads and seed are applied anew.
    /// </summary>
    /// <param name="device">auto, cpu, cuda or cuda:N; null reads <c>GANLAB_DEVICE</c>, else auto (CUDA when available).</param>
    /// <param name="threads">CPU threads; null reads <c>GANLAB_THREADS</c>, else all logical cores.</param>
    /// <param name="seed">Seed for torch and <see cref="Random"/>.</param>
    /// <param name="quiet">When false, writes one line saying what was chosen to <paramref name="log"/> (default: the console).</param>
    /// <param name="log">Where the report goes.</param>
    /// <exception cref="TorchRuntimeException">Torch cannot load, or the device is unknown or unavailable.</exception>
    public static TorchRuntime Init(string? device = null, int? threads = null, int seed = 0, bool quiet = false, TextWriter? log = null)
    {
        string deviceSource = device is not null ? "argument" : Environment.GetEnvironmentVariable(DeviceVariable) is { Length: > 0 } ? DeviceVariable : "default";
        string requested = (device ?? Environment.GetEnvironmentVariable(DeviceVariable) ?? "auto").Trim().ToLowerInvariant();
        if (requested.Length == 0) requested = "auto";
        int threadCount = threads ?? ReadThreads();
        if (threadCount < 1)
            throw new TorchRuntimeException($"Thread count {threadCount} is not valid.", $"Pass a positive number (this machine has {Environment.ProcessorCount} logical cores).");

        string? oneDnn = OneDnnIsa.Apply(); // before torch runs anything: oneDNN reads it once
        var fix = LoadTorch(requested);
        var chosen = ChooseDevice(requested, deviceSource);
        torch.set_num_threads(threadCount);
        var runtime = new TorchRuntime(chosen, threadCount, seed, fix, oneDnn);
        runtime.Reseed(seed);
        _current = runtime;
        if (!quiet)
        {
            log ??= Console.Out;
            if (fix.CreatedNow) log.WriteLine($"GanLab: first run on this system: {fix.Note}");
            log.WriteLine(runtime.Summary);
        }
        return runtime;
    }

    /// <summary>
    /// Runs torch's CPU work on <paramref name="threads"/> threads until the result is disposed, then goes back to the
    /// count before. For tiny models such as the 2-D toy GANs (MLPs of 128 units, batch 100), whose every operation is
    /// microseconds of work: one thread trains them faster than two on a 2-core CPU (the 2-core development VM, idle,
    /// <c>ganlab bench --filter train.toy2d --threads 1</c> and <c>2</c>: 238-336 against 177-181 steps/s), since handing
    /// each small matrix product to a second thread costs more than it saves.
    /// </summary>
    /// <example><code>using (TorchRuntime.WithThreads(1)) trainer.Fit(ring.Batches(100, seed), 3000);</code></example>
    public static IDisposable WithThreads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Torch needs at least one thread.");
        int before = torch.get_num_threads();
        torch.set_num_threads(threads);
        return new Restore(() => torch.set_num_threads(before));
    }

    sealed class Restore(Action restore) : IDisposable
    {
        Action? _restore = restore;
        public void Dispose() { _restore?.Invoke(); _restore = null; }
    }

    /// <summary>One line: versions, device, threads, seed and whether the native fix is in use.</summary>
    public string Summary =>
        $"GanLab {LibraryVersion} | TorchSharp {TorchSharpVersion} | device {Device} | {Threads} threads | seed {Seed}" +
        (Fix.Applied ? " | Debian libstdc++ fix applied" : "") + (OneDnnNote is null ? "" : " | " + OneDnnNote.Split(" (")[0]);

    /// <summary>Seeds torch (CPU and CUDA) and resets <see cref="Random"/> so a rerun draws the same numbers.</summary>
    public void Reseed(int seed)
    {
        torch.manual_seed(seed);
        if (Device.type == DeviceType.CUDA) torch.cuda.manual_seed_all(seed);
        Random = new Random(seed);
    }

    static int ReadThreads()
    {
        string? text = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(text)) return Environment.ProcessorCount;
        if (int.TryParse(text, out int n) && n > 0) return n;
        throw new TorchRuntimeException($"{ThreadsVariable}='{text}' is not a positive whole number.", $"Set {ThreadsVariable} to a number such as {Environment.ProcessorCount}, or unset it.");
    }

    static NativeFix.Outcome LoadTorch(string requested)
    {
        // Which libtorch TorchSharp starts must be settled before anything touches torch (its static constructor starts
        // the CPU backend); only the first Init decides, as the native library loads once per process.
        bool cudaFirst = _cudaFirst ??= CudaBackendFirst(requested, LibTorchPackages.CudaAvailable(), LibTorchPackages.CpuAvailable(), NvidiaDriverPresent(File.Exists));
        NativeFix.Outcome fix;
        try
        {
            fix = NativeFix.Apply(cudaFirst);
        }
        catch (Exception e) when (e is not TorchRuntimeException)
        {
            throw new TorchRuntimeException($"GanLab could not prepare TorchSharp's native library: {e.Message}",
                "Set GANLAB_NATIVE_FIX=0 to skip GanLab's libstdc++ fix, and report this with the output of 'ganlab check --verbose'.", e);
        }
        // TorchSharp prints its loader trace to the console when loading fails; keep it for --verbose instead.
        var (stdout, stderr, trace) = (Console.Out, Console.Error, new StringWriter());
        try
        {
            Console.SetOut(trace);
            Console.SetError(trace);
            if (cudaFirst) torch.TryInitializeDeviceType(DeviceType.CUDA);   // loads the CUDA libtorch (false without a usable GPU: CPU only)
            torch.InitializeDeviceType(DeviceType.CPU);
            return fix;
        }
        catch (Exception e)
        {
            throw Diagnose(new TorchTraceException(trace.ToString(), e), fix);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    /// <summary>
    /// Whether TorchSharp's CUDA backend must start before its CPU backend. With a CUDA libtorch available (in the app's
    /// folders, or restored beside TorchSharp in the NuGet folder by a notebook kernel) and either no CPU libtorch or a GPU
    /// to use: starting the CPU backend first makes TorchSharp look for libtorch-cpu, which a kernel that restored only
    /// TorchSharp-cuda-* lacks ("not restored"). The CUDA libtorch serves the CPU too.
    /// </summary>
    internal static bool CudaBackendFirst(string requested, bool cudaLibTorch, bool cpuLibTorch, bool nvidiaDriver) =>
        cudaLibTorch && (!cpuLibTorch || requested != "cpu" && nvidiaDriver);

    static bool? _cudaFirst;

    /// <summary>Carries what TorchSharp printed while failing to load, with the exception it threw.</summary>
    sealed class TorchTraceException(string printed, Exception inner) : Exception(inner.Message, inner)
    {
        public override string ToString() => printed + Environment.NewLine + base.ToString();
    }

    static TorchRuntimeException Diagnose(Exception e, NativeFix.Outcome fix)
    {
        string first = (e.InnerException?.InnerException ?? e.InnerException ?? e).Message.Split('\n')[0].Trim();
        if (fix.Note?.StartsWith("disabled", StringComparison.Ordinal) == true)
            return new TorchRuntimeException($"TorchSharp's native library did not load ({first}); GanLab's libstdc++ fix is disabled (GANLAB_NATIVE_FIX=0).",
                "Unset GANLAB_NATIVE_FIX so GanLab can load a patched copy, or install libstdc++ from GCC 13 or later.", e);
        if (fix.Note?.Contains("not found", StringComparison.Ordinal) == true)
            return new TorchRuntimeException($"TorchSharp's native library did not load: {fix.Note}.",
                "The application must reference a native torch package: libtorch-cpu-linux-x64 (or -win-x64 / -osx-arm64), TorchSharp-cpu, " +
                "or TorchSharp-cuda-linux / -windows. In this repository run 'dotnet build' (it restores libtorch-cpu for your OS).", e);
        return new TorchRuntimeException($"TorchSharp's native library did not load: {first}",
            "Check that the application references a native torch package (libtorch-cpu-*, TorchSharp-cpu or TorchSharp-cuda-*) matching TorchSharp " +
            $"{TorchSharpVersion}; run 'ganlab check --verbose' for TorchSharp's full loader trace.", e);
    }

    static Device ChooseDevice(string requested, string source)
    {
        switch (requested)
        {
            case "auto":
                return CudaAvailable() ? torch.CUDA : torch.CPU;
            case "cpu":
                return torch.CPU;
        }
        if (requested == "cuda" || requested.StartsWith("cuda:", StringComparison.Ordinal))
        {
            int index = 0;
            if (requested.Length > 4 && !int.TryParse(requested[5..], out index))
                throw new TorchRuntimeException($"Device '{requested}' (from {source}) has no valid GPU index.", "Use cuda, or cuda:0, cuda:1, ...");
            if (!CudaAvailable())
                throw new TorchRuntimeException($"Device '{requested}' was requested (from {source}) but CUDA is not available to torch here.",
                    "Build with the CUDA backend (dotnet build -p:TorchBackend=cuda) on a machine with an NVIDIA GPU and driver, or use device 'cpu'.");
            int count = torch.cuda.device_count();
            if (index >= count)
                throw new TorchRuntimeException($"Device '{requested}' was requested (from {source}) but only {count} GPU(s) are visible.", $"Use an index below {count}.");
            return torch.device(DeviceType.CUDA, index);
        }
        throw new TorchRuntimeException($"Unknown device '{requested}' (from {source}).", $"Use auto, cpu, cuda or cuda:N (for example {DeviceVariable}=cpu).");
    }

    static bool CudaAvailable()
    {
        // Without an NVIDIA driver no build of libtorch can use CUDA; asking a CPU build anyway makes TorchSharp
        // probe (and, from the NuGet cache, copy) native files for nothing.
        if (!NvidiaDriverPresent(File.Exists)) return false;
        try { return torch.cuda.is_available(); }
        catch (Exception) { return false; }
    }

    /// <summary>
    /// Whether an NVIDIA driver is visible: on Linux its /proc entry or /dev/nvidia0; under WSL2, which has neither, the
    /// GPU paravirtualisation device /dev/dxg with the driver's libcuda that Windows mounts into /usr/lib/wsl/lib; on
    /// Windows nvcuda.dll.
    /// </summary>
    internal static bool NvidiaDriverPresent(Func<string, bool> exists) =>
        OperatingSystem.IsLinux()
            ? exists("/proc/driver/nvidia/version") || exists("/dev/nvidia0") || exists("/dev/dxg") && exists("/usr/lib/wsl/lib/libcuda.so.1")
            : OperatingSystem.IsWindows() && exists(Path.Combine(Environment.SystemDirectory, "nvcuda.dll"));
}
