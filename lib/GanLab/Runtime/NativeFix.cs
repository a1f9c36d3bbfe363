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
/// The NuGet cache is never modified; systems that need no fix are not touched (nothing is loaded).
/// </summary>
internal static class NativeFix
{
    const string Wrapper = "libLibTorchSharp.so";

    /// <summary>What the fix found and did, for <c>ganlab check</c> and the runtime's one-line report.</summary>
    internal sealed record Outcome(bool Needed, bool Applied, string? PatchedPath, bool CreatedNow, IReadOnlyList<string> MissingVersions, string? Note);

    static Outcome? _outcome;
    static readonly object Gate = new();

    /// <summary>Runs once per process; later calls return the first outcome.</summary>
    public static Outcome Apply()
    {
        lock (Gate) return _outcome ??= ApplyOnce();
    }

    static Outcome ApplyOnce()
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

        string libtorchDir = FindLibTorchDir(Path.GetDirectoryName(wrapper)!)
            ?? throw new TorchRuntimeException(
                $"TorchSharp's native wrapper needs {string.Join(", ", names)} (this system's libstdc++ is older) and GanLab can patch that, " +
                "but the libtorch native libraries (libtorch.so, libc10.so, libtorch_cpu.so) were not found.",
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
    static string? FindWrapper() => CandidateDirectories().Select(d => Path.Combine(d, Wrapper)).FirstOrDefault(File.Exists);

    static string? FindLibTorchDir(string wrapperDir)
    {
        var dirs = new List<string> { wrapperDir };
        dirs.AddRange(CandidateDirectories());
        foreach (string packages in NuGetRoots())
        {
            foreach (string package in new[] { "libtorch-cpu-linux-x64", "libtorch-cuda-12.8-linux-x64", "libtorch-cuda-12.1-linux-x64" })
            {
                string root = Path.Combine(packages, package);
                if (!Directory.Exists(root)) continue;
                dirs.AddRange(Directory.EnumerateDirectories(root).OrderDescending().Select(v => Path.Combine(v, "runtimes", "linux-x64", "native")));
            }
        }
        return dirs.FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch.so")) && File.Exists(Path.Combine(d, "libtorch_cpu.so")));
    }

    static IEnumerable<string> CandidateDirectories()
    {
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirs)
            foreach (string d in searchDirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                yield return d;
        string baseDir = AppContext.BaseDirectory;
        yield return baseDir;
        yield return Path.Combine(baseDir, "runtimes", "linux-x64", "native");
        string? torchDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchDir))
        {
            yield return torchDir;
            // In the NuGet cache (notebooks): torchsharp/<version>/lib/net8.0/TorchSharp.dll → torchsharp/<version>/runtimes/...
            yield return Path.GetFullPath(Path.Combine(torchDir, "..", "..", "runtimes", "linux-x64", "native"));
        }
    }

    static IEnumerable<string> NuGetRoots()
    {
        string? env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(env)) yield return env;
        string? torchDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchDir)) yield return Path.GetFullPath(Path.Combine(torchDir, "..", "..", "..", ".."));
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
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
