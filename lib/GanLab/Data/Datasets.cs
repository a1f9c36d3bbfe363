namespace GanLab.Data;

/// <summary>
/// Every data set of the course, as torchvision's <c>datasets</c>: procedural ones the library draws itself
/// (faces with known attributes, an unlabeled mixed collection, doodle patches) and loaders for real data
/// (an image folder, CelebA, IDX files such as MNIST and Fashion-MNIST). Each returns an <see cref="ImageDataset"/>
/// with images in [-1, 1]; decoded and drawn images are cached on disk (see <see cref="DataCache"/>).
/// </summary>
public static partial class Datasets
{
    /// <summary>Version of the procedural drawing code; part of every procedural cache key.</summary>
    internal const int DrawingVersion = 1;

    /// <summary>
    /// Procedural faces with ground truth: <paramref name="count"/> RGB images of <paramref name="size"/> pixels,
    /// item i drawn from (seed, i) only. Labels are the mode (<see cref="FaceAttributes.Combinations"/>, 132 of them),
    /// Attributes the CelebA-like binary view (<see cref="FaceAttributes.BinaryNames"/>), Table the full attributes.
    /// </summary>
    /// <param name="count">Number of faces.</param>
    /// <param name="size">Image side in pixels (32, 64, 128 or any size from 8 up).</param>
    /// <param name="seed">Same seed, same faces.</param>
    /// <param name="cache">Keep the drawn images in a cache file, so a rerun loads them instead of drawing.</param>
    /// <param name="cacheDir">The cache folder; null means <see cref="DataCache.DefaultDirectory"/>.</param>
    public static ImageDataset Faces(int count, int size = 32, int seed = 0, bool cache = true, string? cacheDir = null)
    {
        CheckCountAndSize(count, size);
        var table = new FaceAttributes[count];
        for (int i = 0; i < count; i++) table[i] = FaceAttributes.Sample(seed, i);
        string identity = $"faces v{DrawingVersion} code {DataCache.CodeVersion} count {count} size {size} seed {seed}";
        return Cached("faces", identity, "", cache, cacheDir, () => FaceRenderer.ToRaw(table, size), $"faces(seed {seed})", table);
    }

    static void CheckCountAndSize(int count, int size)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"Count must be at least 1, got {count}.");
        if (size < 8 || size > 1024) throw new ArgumentOutOfRangeException(nameof(size), $"Image size must be within 8..1024 pixels, got {size}.");
    }

    /// <summary>Loads from the cache when a valid file exists, else builds, saves and returns.</summary>
    static ImageDataset Cached(string kind, string identity, string fingerprint, bool cache, string? cacheDir,
        Func<RawImages> build, string source, IReadOnlyList<FaceAttributes>? table = null)
    {
        if (!cache) return build().ToDataset(source, table);
        string path = DataCache.PathFor(cacheDir, kind, identity);
        if (DataCache.TryLoad(path, identity, fingerprint, out _) is { } hit)
            return hit.ToDataset(source, table, path, fromCache: true);
        var raw = build();
        bool saved = DataCache.Save(path, identity, fingerprint, raw);
        return raw.ToDataset(source, table, saved ? path : null);
    }
}
