using System.Diagnostics;
using GanLab.Runtime;
using TorchSharp;

namespace GanLab.Tests.Runtime;

/// <summary>
/// The CUDA libtorch as a notebook kernel finds it in the NuGet folder, split across part packages, laid out for real
/// in a temporary folder (the CUDA packages are not served here): the real CPU libtorch's files are spread over
/// "parts" the way TorchSharp-cuda-linux spreads its own, so whether the gathered folder loads is tested with real libraries.
/// </summary>
public class LibTorchPackagesTests : IDisposable
{
    const string Rid = "linux-x64";
    readonly string _root = Path.Combine(Path.GetTempPath(), $"ganlab-packages-{Guid.NewGuid():N}");
    readonly string _packages, _gathered;

    public LibTorchPackagesTests()
    {
        TorchRuntime.Init(device: "cpu", quiet: true);
        _packages = Path.Combine(_root, "packages");
        _gathered = Path.Combine(_root, "cache", "native", "libtorch-cuda");
    }

    public void Dispose() { if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true); }

    static string CpuLibTorch() =>
        LibTorchPackages.NuGetRoots().Select(r => LibTorchPackages.CpuFolder(r, Rid, LibTorchPackages.Version)).First(d => d is not null)!;

    string Native(string package) => Directory.CreateDirectory(Path.Combine(_packages, package, LibTorchPackages.Version, "runtimes", Rid, "native")).FullName;

    /// <summary>A split CUDA libtorch: libc10 and libgomp in part1, libtorch_cpu (a stitched "primary" with its .sha) in part2, libtorch and libtorch_cuda in part3.</summary>
    void SplitLayout(bool stitched = true)
    {
        string cpu = CpuLibTorch();
        void Put(string package, string file) => File.CreateSymbolicLink(Path.Combine(Native(package), file), Path.Combine(cpu, file));
        Put("libtorch-cuda-12.8-linux-x64-part1", "libc10.so");
        Put("libtorch-cuda-12.8-linux-x64-part1", Path.GetFileName(Directory.GetFiles(cpu, "libgomp*.so*")[0]));
        Put("libtorch-cuda-12.8-linux-x64-part2-primary", "libtorch_cpu.so");
        File.WriteAllText(Path.Combine(Native("libtorch-cuda-12.8-linux-x64-part2-primary"), "libtorch_cpu.so.sha"), "0123");
        string fragments = Path.Combine(_packages, "libtorch-cuda-12.8-linux-x64-part2-fragment1", LibTorchPackages.Version, "fragments", Rid, "native");
        Directory.CreateDirectory(fragments);
        if (!stitched) File.WriteAllText(Path.Combine(fragments, "libtorch_cpu.so.fragment1"), "the rest of the file");
        Put("libtorch-cuda-12.8-linux-x64-part3", "libtorch.so");
        File.WriteAllText(Path.Combine(Native("libtorch-cuda-12.8-linux-x64-part3"), "libtorch_cuda.so"), "stand-in");
        Directory.CreateDirectory(Path.Combine(_packages, "libtorch-cuda-12.8-linux-x64"));                      // the head package: no natives
        Native("libtorch-cuda-12.8-linux-x64-part9");                                                              // an empty part
        Directory.CreateDirectory(Path.Combine(_packages, "libtorch-cuda-12.8-linux-x64-part4", "2.9.1", "runtimes", Rid, "native"));   // another libtorch version
    }

    /// <summary>Loads <paramref name="library"/> in a fresh process (python3's ctypes): null when it loads, else the loader's message.</summary>
    static string? LoadAlone(string library)
    {
        var start = new ProcessStartInfo("python3", new[] { "-c", "import ctypes, sys; ctypes.CDLL(sys.argv[1])", library })
        { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment.Remove("LD_LIBRARY_PATH");
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : error.Trim().Split('\n')[^1];
    }

    [Fact]
    public void The_split_parts_are_found_and_gathered_into_one_folder_where_libtorch_loads()
    {
        SplitLayout();
        var parts = LibTorchPackages.CudaParts(_packages, Rid, LibTorchPackages.Version);
        Assert.Equal(new[] { "part1", "part2-primary", "part3", "part9" }, parts.Select(p => p.Split(Path.DirectorySeparatorChar)[^5].Split("x64-")[1]));

        // Each part alone does not load: libtorch finds its libraries through $ORIGIN, its own folder.
        Assert.Contains("libtorch_cpu.so", LoadAlone(Path.Combine(parts[2], "libtorch.so")));

        string dir = NativeFix.FindLibTorchDir(Path.Combine(_root, "no-wrapper-here"), cuda: true, new[] { _packages }, _gathered)!;
        Assert.Equal(_gathered, dir);
        string gomp = Path.GetFileName(Directory.GetFiles(CpuLibTorch(), "libgomp*.so*")[0]);
        Assert.Equal(new[] { "libc10.so", gomp, "libtorch.so", "libtorch_cpu.so", "libtorch_cuda.so" }.Order(StringComparer.Ordinal),
            Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));   // the .sha is left out
        Assert.All(Directory.GetFiles(dir), f => Assert.NotNull(new FileInfo(f).LinkTarget));   // links: nothing copied
        Assert.Null(LoadAlone(Path.Combine(dir, "libtorch.so")));

        // Again: links that point right are kept; a part that moved is followed.
        LibTorchPackages.Gather(parts, dir);
        File.Move(Path.Combine(parts[2], "libtorch_cuda.so"), Path.Combine(parts[3], "libtorch_cuda.so"));
        LibTorchPackages.Gather(LibTorchPackages.CudaParts(_packages, Rid, LibTorchPackages.Version), dir);
        Assert.Equal(Path.Combine(parts[3], "libtorch_cuda.so"), new FileInfo(Path.Combine(dir, "libtorch_cuda.so")).LinkTarget);
    }

    [Fact]
    public void A_file_still_in_fragments_is_refused_with_the_remedy()
    {
        SplitLayout(stitched: false);
        var e = Assert.Throws<TorchRuntimeException>(() => NativeFix.FindLibTorchDir(_root, cuda: true, new[] { _packages }, _gathered));
        Assert.Contains("libtorch_cpu.so", e.Message);
        Assert.Contains("fragments", e.Message);
        Assert.Contains("dotnet build -p:TorchBackend=cuda", e.Remedy);
    }

    [Fact]
    public void The_package_version_is_this_torchsharps_libtorch()
    {
        Assert.Equal(LibTorchPackages.Version, string.Join('.', torch.__version__.Split('.').Take(3)));
    }
}
