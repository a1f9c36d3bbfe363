using System.Diagnostics;
using GanLab.Data;
using SkiaSharp;
using static TorchSharp.torch;

namespace GanLab.Cli.Bench;

/// <summary>Data speed: drawing procedural faces, decoding an image folder, and batches read back from the cache.</summary>
public static class DataBenchmarks
{
    static string TempDir() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"ganlab-bench-data-{Guid.NewGuid():N}")).FullName;

    /// <summary>data.faces32.gen_img_per_s (drawing only) and data.faces32.gen_cache_20k_s (20,000 faces drawn and cached; target under 10 s).</summary>
    public static Benchmark Faces32 { get; } = new(
        new[] { "data.faces32.gen_img_per_s", "data.faces32.gen_cache_20k_s" },
        "procedural faces 32x32: drawn, then drawn and cached (20,000; 2,000 with --quick)",
        ctx =>
        {
            int n = ctx.Quick ? 2_000 : 20_000;
            using (Datasets.Faces(64, 32, cache: false)) { }   // warm-up
            var watch = Stopwatch.StartNew();
            using (Datasets.Faces(n, 32, seed: 1, cache: false)) { }
            double drawOnly = watch.Elapsed.TotalSeconds;
            string dir = TempDir();
            try
            {
                watch.Restart();
                using (Datasets.Faces(n, 32, seed: 2, cacheDir: dir)) { }
                double withCache = watch.Elapsed.TotalSeconds;
                return new[]
                {
                    new BenchResult("data.faces32.gen_img_per_s", n / drawOnly, "img/s"),
                    new BenchResult("data.faces32.gen_cache_20k_s", withCache * 20_000 / n, "s"),
                };
            }
            finally { Directory.Delete(dir, recursive: true); }
        });

    /// <summary>data.faces64.gen_img_per_s: procedural faces at 64x64, drawn into a data set.</summary>
    public static Benchmark Faces64 { get; } = new(
        new[] { "data.faces64.gen_img_per_s" },
        "procedural faces 64x64 drawn (5,000; 1,000 with --quick)",
        ctx =>
        {
            int n = ctx.Quick ? 1_000 : 5_000;
            using (Datasets.Faces(64, 64, cache: false)) { }
            var watch = Stopwatch.StartNew();
            using (Datasets.Faces(n, 64, seed: 1, cache: false)) { }
            return new[] { new BenchResult("data.faces64.gen_img_per_s", n / watch.Elapsed.TotalSeconds, "img/s") };
        });

    /// <summary>data.folder64.decode_img_per_s: CelebA-sized JPEGs (178x218) decoded, 108-pixel centre crop, resized to 64, no cache.</summary>
    public static Benchmark Folder64 { get; } = new(
        new[] { "data.folder64.decode_img_per_s" },
        "image folder: 178x218 JPEGs decoded, centre-cropped (108) and resized to 64 (1,000; 200 with --quick)",
        ctx =>
        {
            int n = ctx.Quick ? 200 : 1_000;
            string dir = TempDir();
            try
            {
                WriteCelebASizedJpegs(dir, n);
                var watch = Stopwatch.StartNew();
                using var data = Datasets.ImageFolder(dir, size: 64, centerCrop: 108, cache: false);
                double seconds = watch.Elapsed.TotalSeconds;
                if (data.Count != n) throw new InvalidOperationException($"decoded {data.Count} of {n} images");
                return new[] { new BenchResult("data.folder64.decode_img_per_s", n / seconds, "img/s") };
            }
            finally { Directory.Delete(dir, recursive: true); }
        });

    /// <summary>Writes n procedural faces as 178x218 JPEGs (CelebA's aligned size: the 178-pixel face on a white band above and below).</summary>
    static void WriteCelebASizedJpegs(string dir, int n)
    {
        const int w = 178, h = 218, top = 20;
        using var faces = Datasets.Faces(n, w, seed: 3, cache: false);
        byte[] bytes;
        using (var scope = NewDisposeScope())
            bytes = faces.Images.add(1f).mul(127.5f).round().clamp(0f, 255f).to(ScalarType.Byte).permute(0, 2, 3, 1).contiguous().data<byte>().ToArray();
        Parallel.For(0, n, i =>
        {
            var rgba = new byte[w * h * 4];
            Array.Fill(rgba, (byte)255);
            for (int y = 0; y < w; y++)
                for (int x = 0; x < w; x++)
                {
                    int src = ((i * w + y) * w + x) * 3, dst = ((y + top) * w + x) * 4;
                    rgba[dst] = bytes[src];
                    rgba[dst + 1] = bytes[src + 1];
                    rgba[dst + 2] = bytes[src + 2];
                }
            using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
            System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
            using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
            File.WriteAllBytes(Path.Combine(dir, $"{i + 1:D6}.jpg"), jpeg.ToArray());
        });
    }

    /// <summary>data.cache32.img_per_s: a 32x32 face set loaded from its cache file, then one shuffled, flipped epoch of batches of 64 on the runtime's device (target at least 5,000).</summary>
    public static Benchmark Cache32 { get; } = new(
        new[] { "data.cache32.img_per_s" },
        "faces 32x32 loaded from the cache + one epoch of shuffled, flipped batches of 64 (20,000; 5,000 with --quick)",
        ctx =>
        {
            int n = ctx.Quick ? 5_000 : 20_000;
            string dir = TempDir();
            try
            {
                using (Datasets.Faces(n, 32, seed: 4, cacheDir: dir)) { }
                var watch = Stopwatch.StartNew();
                using var data = Datasets.Faces(n, 32, seed: 4, cacheDir: dir);
                if (!data.FromCache) throw new InvalidOperationException("the cache was not used");
                long seen = 0;
                foreach (var batch in new DataLoader(data, 64, shuffle: true, flip: true, seed: 0, device: ctx.Runtime.Device))
                    seen += batch.Count;
                return new[] { new BenchResult("data.cache32.img_per_s", seen / watch.Elapsed.TotalSeconds, "img/s") };
            }
            finally { Directory.Delete(dir, recursive: true); }
        });
}
