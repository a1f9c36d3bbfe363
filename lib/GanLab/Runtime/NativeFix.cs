using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace GanLab.Runtime;

/// <summary>
/// Makes TorchSharp 0.107's native wrapper load on systems whose libstdc++ is older than the one it was
/// linked against (Debian 12, Ubuntu 22.04). The wrapper, libLibTorchSharp.so, requires the symbol version
/// GLIBCXX_3.4.32 for a single symbol that no relocation uses. We copy the wrapper into GanLab's own cache,
/// mark that version requirement weak (one 16-bit flag), and load the copy, with the libtorch libraries it
/// needs, before TorchSharp initialises; TorchSharp's own loader then finds it already in the process.
/// The NuGet cache is never modified; systems that need no fix are not touched (nothing is loaded). With the CUDA
/// backend from a notebook kernel, whose libtorch is split across package folders, the parts are first gathered into
/// one folder of links in GanLab's cache (<see cref="LibTorchPackages.Gather"/>).
/// </summary>
internal static class NativeFix
{
    const string Wrapper = "libLibTorchSharp.so";

    /// <summary>What the fix found and did, for <c>ganlab check</c> and the runtime's one-line report.</summary>
    internal sealed record Outcome(bool Needed, bool Applied, string? PatchedPath, bool CreatedNow, IReadOnlyList<string> MissingVersions, string? Note);

    static Outcome? _outcome;
    static readonly object Gate = new();

    /// <summary>Runs once per process; later calls return the first outcome.</summary>
    /// <param name="cuda">The CUDA libtorch is the one to load (TorchRuntime starts TorchSharp's CUDA backend).</param>
    public static Outcome Apply(bool cuda)
    {
        lock (Gate) return _outcome ??= ApplyOnce(cuda);
    }

    static Outcome ApplyOnce(bool cuda)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return new Outcome(false, false, null, false, Array.Empty<string>(), null);
        if (Environment.GetEnvironmentVariable("GANLAB_NATIVE_FIX") == "0")
            return new Outcome(false, false, null, false, Array.Empty<string>(), "disabled by GANLAB_NATIVE_FIX=0");

        string? wrapper = FindWrapper();
        string? libstdcxx = FindLoadedLibStdCxx();
        if (wrapper is null || libstdcxx is null)
            return new Outcome(false, false, null, false, Array.Empty<string>(),
                wrapper is null ? $"{Wrapper} not found beside TorchSharp; left to TorchSharp's own loader" : "libstdc++ not found in this process");

        var elf = ElfVersions.Read(wrapper);
        var defined = ElfVersions.Read(libstdcxx).Definitions();
        var missing = elf.Requirements()
            .Where(r => r.File.StartsWith("libstdc++", StringComparison.Ordinal) && !defined.Contains(r.Name) && (r.Flags & ElfVersions.VerFlagWeak) == 0)
            .ToList();
        if (missing.Count == 0)
            return new Outcome(false, false, null, false, Array.Empty<string>(), null);

        var names = missing.Select(m => m.Name).ToList();
        foreach (var m in missing)
        {
            var (symbols, relocations) = elf.Usage(m.Index);
            if (relocations > 0)
                throw new TorchRuntimeException(
                    $"TorchSharp's native wrapper ({wrapper}) needs {m.Name} from libstdc++, which this system's {libstdcxx} lacks, " +
                    $"and {relocations} relocation(s) bind it ({string.Join(", ", symbols)}), so it cannot be made weak safely.",
                    "Install a newer libstdc++ (GCC 13 or later, e.g. from your distribution's backports or a conda environment's libstdcxx-ng) " +
                    "or use a TorchSharp version built for this system.");
        }

        string libtorchDir = FindLibTorchDir(Path.GetDirectoryName(wrapper)!, cuda, LibTorchPackages.NuGetRoots(),
                Path.Combine(GanLabCache.Directory, "native", $"{LibTorchPackages.CudaPackagePrefix}linux-x64-{LibTorchPackages.Version}"))
            ?? throw new TorchRuntimeException(
                $"TorchSharp's native wrapper needs {string.Join(", ", names)} (this system's libstdc++ is older) and GanLab can patch that, " +
                $"but the {(cuda ? "CUDA " : "")}libtorch native libraries (libtorch.so, libc10.so, libtorch_cpu.so{(cuda ? ", libtorch_cuda.so" : "")}) were not found.",
                "Reference a libtorch package in the application (libtorch-cpu-linux-x64, TorchSharp-cpu or TorchSharp-cuda-linux) and restore.");

        // The copy's folder is named by the original's hash (taken before patching), so a new TorchSharp gets a new copy.
        string hash = Convert.ToHexString(SHA256.HashData(elf.Bytes))[..16].ToLowerInvariant();
        foreach (var m in missing) elf.MarkWeak(m);
        var (patched, created) = WritePatchedCopy(hash, elf.Bytes);

        foreach (string lib in PreloadOrder(libtorchDir))
            NativeLibrary.Load(lib);
        NativeLibrary.Load(patched);

        string note = $"{Wrapper} needs {string.Join(", ", names)}; this system's libstdc++ has up to {defined.Where(d => d.StartsWith("GLIBCXX_", StringComparison.Ordinal)).Max(Comparer<string>.Create(ElfVersions.CompareVersionNames))}; " +
                      $"loaded a copy with that requirement marked weak (the symbol is never bound): {patched}";
        return new Outcome(true, true, patched, created, names, note);
    }

    /// <summary>libgomp, libc10, libtorch_cpu (and CUDA parts when present), libtorch: each by full path, dependencies first.</summary>
    static IEnumerable<string> PreloadOrder(string dir)
    {
        foreach (string gomp in Directory.EnumerateFiles(dir, "libgomp*.so*").Order()) yield return gomp;
        foreach (string name in new[] { "libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so" })
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path)) yield return path;
        }
    }

    static (string Path, bool Created) WritePatchedCopy(string hash, byte[] patchedBytes)
    {
        string dir = Path.Combine(GanLabCache.Directory, "native", $"torchsharp-{hash}");
        string target = Path.Combine(dir, Wrapper);
        if (File.Exists(target) && new FileInfo(target).Length == patchedBytes.Length && File.ReadAllBytes(target).AsSpan().SequenceEqual(patchedBytes))
            return (target, false);
        AtomicFile.WriteAllBytes(target, patchedBytes);
        return (target, true);
    }

    /// <summary>The wrapper TorchSharp would load: the app's native search folders first, then TorchSharp's own package.</summary>
    static string? FindWrapper() => LibTorchPackages.AppDirectories().Select(d => Path.Combine(d, Wrapper)).FirstOrDefault(File.Exists);

    /// <summary>
    /// The folder to preload libtorch from: beside the wrapper or in the app's folders when the backend is there whole;
    /// else the libtorch package of this TorchSharp in a NuGet folder: the CPU package's folder, or for CUDA its parts
    /// gathered into <paramref name="gatherInto"/>. Null when none is found.
    /// </summary>
    internal static string? FindLibTorchDir(string wrapperDir, bool cuda, IEnumerable<string> packageRoots, string gatherInto)
    {
        bool Whole(string d) => File.Exists(Path.Combine(d, "libtorch.so")) && File.Exists(Path.Combine(d, "libtorch_cpu.so")) &&
                                (!cuda || File.Exists(Path.Combine(d, "libtorch_cuda.so")));
        if (new[] { wrapperDir }.Concat(LibTorchPackages.AppDirectories()).FirstOrDefault(Whole) is { } local) return local;
        foreach (string root in packageRoots)
        {
            if (!cuda)
            {
                if (LibTorchPackages.CpuFolder(root, "linux-x64", LibTorchPackages.Version) is { } cpu && Whole(cpu)) return cpu;
                continue;
            }
            var parts = LibTorchPackages.CudaParts(root, "linux-x64", LibTorchPackages.Version);
            if (parts.Count == 0) continue;
            string gathered = LibTorchPackages.Gather(parts, gatherInto);
            if (!Whole(gathered))
                throw new TorchRuntimeException(
                    $"The CUDA libtorch packages in {root} ({parts.Count} parts) lack libtorch.so, libtorch_cpu.so or libtorch_cuda.so: the restore is incomplete.",
                    "Restore again (for this repository: dotnet build -p:TorchBackend=cuda), or delete the libtorch-cuda-* folders in the NuGet folder and restore.");
            return gathered;
        }
        return null;
    }

    /// <summary>The libstdc++ this process has loaded (the one the wrapper will bind to), else the system's.</summary>
    static string? FindLoadedLibStdCxx()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && line.Contains("/libstdc++.so", StringComparison.Ordinal)) return line[slash..].Trim();
            }
        }
        catch (IOException) { }
        return new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
    }
}
