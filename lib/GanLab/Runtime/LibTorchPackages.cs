using System.Runtime.InteropServices;
using TorchSharp;

namespace GanLab.Runtime;

/// <summary>
/// Where TorchSharp's native libtorch lives: in the application's own folders (a built app or test, its .deps.json
/// naming one backend package), or in the NuGet package folder (a notebook kernel that restored <c>libtorch-cpu-*</c>
/// or <c>TorchSharp-cuda-*</c> next to TorchSharp). The CUDA build of libtorch is too big for one NuGet package, so it
/// comes split across <c>libtorch-cuda-12.8-&lt;rid&gt;-part*</c> folders (the largest files themselves in fragments
/// that a build stitches back together); <see cref="Gather"/> links the parts into one folder, as libtorch's own
/// <c>$ORIGIN</c> search path needs.
/// </summary>
internal static class LibTorchPackages
{
    /// <summary>The CUDA libtorch TorchSharp 0.107 is built against (its packages: libtorch-cuda-12.8-linux-x64-part1, ...).</summary>
    public const string CudaPackagePrefix = "libtorch-cuda-12.8-";

    /// <summary>The runtime identifier of this process's native packages.</summary>
    public static string Rid =>
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64" : "x64");

    /// <summary>
    /// libtorch's package version for TorchSharp 0.107 (TorchSharp's <c>torch.__version__</c>, 2.10.0.0, in NuGet's form;
    /// a test keeps them equal). Written out because reading <c>torch.__version__</c> would start TorchSharp's CPU backend,
    /// which is what choosing the backend must come before.
    /// </summary>
    public const string Version = "2.10.0";

    /// <summary>libtorch_cuda's file name on this OS.</summary>
    public static string CudaLibrary => OperatingSystem.IsWindows() ? "torch_cuda.dll" : "libtorch_cuda.so";

    /// <summary>libtorch_cpu's file name on this OS.</summary>
    public static string CpuLibrary => OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";

    /// <summary>The application's native folders, where a built app or test finds its backend: its own search folders, then TorchSharp's package.</summary>
    public static IEnumerable<string> AppDirectories()
    {
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirs)
            foreach (string d in searchDirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                yield return d;
        string baseDir = AppContext.BaseDirectory;
        yield return baseDir;
        yield return Path.Combine(baseDir, "runtimes", Rid, "native");
        string? torchDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchDir))
        {
            yield return torchDir;
            // In the NuGet cache (notebooks): torchsharp/<version>/lib/net8.0/TorchSharp.dll → torchsharp/<version>/runtimes/...
            yield return Path.GetFullPath(Path.Combine(torchDir, "..", "..", "runtimes", Rid, "native"));
        }
    }

    /// <summary>NuGet package folders to search: $NUGET_PACKAGES, the one TorchSharp.dll was loaded from (a notebook kernel), ~/.nuget/packages.</summary>
    public static IEnumerable<string> NuGetRoots()
    {
        string? env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(env)) yield return env;
        string? torchDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchDir)) yield return Path.GetFullPath(Path.Combine(torchDir, "..", "..", "..", ".."));
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    /// <summary>True when the app's folders hold a CUDA libtorch, or a NuGet folder holds the CUDA packages of this TorchSharp's libtorch.</summary>
    public static bool CudaAvailable() =>
        AppDirectories().Any(d => File.Exists(Path.Combine(d, CudaLibrary))) ||
        NuGetRoots().Any(root => CudaParts(root, Rid, Version).Count > 0);

    /// <summary>True when the app's folders hold libtorch_cpu (a CPU build, or a CUDA build, which has it too) or a NuGet folder holds the CPU package.</summary>
    public static bool CpuAvailable() =>
        AppDirectories().Any(d => File.Exists(Path.Combine(d, CpuLibrary))) ||
        NuGetRoots().Any(root => CpuFolder(root, Rid, Version) is not null);

    /// <summary>The native folder of <c>libtorch-cpu-&lt;rid&gt;/&lt;version&gt;</c> under <paramref name="packagesRoot"/>, or null.</summary>
    public static string? CpuFolder(string packagesRoot, string rid, string version)
    {
        string native = Path.Combine(packagesRoot, $"libtorch-cpu-{rid}", version, "runtimes", rid, "native");
        return Directory.Exists(native) ? native : null;
    }

    /// <summary>
    /// The native folders of every restored part of the CUDA libtorch (<c>libtorch-cuda-12.8-&lt;rid&gt;-part1</c>,
    /// <c>-part2-primary</c>, ...; fragment packages hold no native folder) under <paramref name="packagesRoot"/>.
    /// </summary>
    public static IReadOnlyList<string> CudaParts(string packagesRoot, string rid, string version)
    {
        if (!Directory.Exists(packagesRoot)) return Array.Empty<string>();
        return Directory.EnumerateDirectories(packagesRoot, $"{CudaPackagePrefix}{rid}-part*")
            .Select(p => Path.Combine(p, version, "runtimes", rid, "native"))
            .Where(Directory.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Links every native file of <paramref name="parts"/> into <paramref name="target"/> (symbolic links: nothing is
    /// copied and the NuGet folder is not touched), so that libtorch's libraries find each other through <c>$ORIGIN</c>.
    /// Safe to call again: links that already point right are kept, others are replaced.
    /// </summary>
    /// <exception cref="TorchRuntimeException">A file split into fragments was not stitched back together (no build ran since the restore).</exception>
    public static string Gather(IReadOnlyList<string> parts, string target)
    {
        Directory.CreateDirectory(target);
        foreach (string part in parts)
        {
            foreach (string file in Directory.EnumerateFiles(part))
            {
                string name = Path.GetFileName(file);
                if (name.EndsWith(".sha", StringComparison.Ordinal)) continue;   // the checksum of a stitched file
                if (File.Exists(file + ".sha") && UnstitchedFragment(file) is { } fragment)
                    throw new TorchRuntimeException(
                        $"{name} of the CUDA libtorch is still in fragments ({fragment} exists): NuGet restored the packages, but no build has stitched the file back together.",
                        "Build a project that references TorchSharp-cuda-linux once (for this repository: dotnet build -p:TorchBackend=cuda); its build joins the fragments in the NuGet folder.");
                string link = Path.Combine(target, name);
                var existing = new FileInfo(link);
                if (existing.LinkTarget == file) continue;
                if (existing.Exists || existing.LinkTarget is not null) existing.Delete();
                File.CreateSymbolicLink(link, file);
            }
        }
        return target;
    }

    /// <summary>The first fragment of a split file (some-package-partN-primary/.../x.so → some-package-partN-fragment1/.../fragments/.../x.so.fragment1) if it is still there.</summary>
    static string? UnstitchedFragment(string primaryFile)
    {
        string fragment = primaryFile.Replace("-primary", "-fragment1", StringComparison.Ordinal)
            .Replace($"{Path.DirectorySeparatorChar}runtimes{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}fragments{Path.DirectorySeparatorChar}", StringComparison.Ordinal) + ".fragment1";
        return File.Exists(fragment) ? fragment : null;
    }
}
