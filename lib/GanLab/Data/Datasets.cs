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
        Parallel.For(0, count, i => table[i] = FaceAttributes.Sample(seed, i));   // each face depends on (seed, i) only
        // The code version is the fingerprint, not the identity: a new build replaces the file instead of adding one.
        string identity = $"faces v{DrawingVersion} count {count} size {size} seed {seed}";
        return Cached($"faces-{size}px-{count}", identity, DataCache.CodeVersion, cache, cacheDir, () => FaceRenderer.ToRaw(table, size), $"faces(seed {seed})", table);
    }

    /// <summary>The families of <see cref="Mixed"/>, in label order: eye close-ups, lips, whole faces, make-up products, colour swatches.</summary>
    public static IReadOnlyList<string> MixedFamilies { get; } = Array.AsReadOnly(MixedRenderer.Families);

    /// <summary>
    /// An "unlabeled" collection for the curation notebook: close-ups of eyes, lips, whole faces, make-up products and
    /// colour swatches, like the scraped make-up images an article sorted by clustering. Each item's family is drawn
    /// uniformly from the first <paramref name="families"/> of <see cref="MixedFamilies"/> and kept as hidden ground
    /// truth in Labels (with ClassNames), so cluster purity can be measured: do not train on it.
    /// </summary>
    /// <param name="count">Number of images.</param>
    /// <param name="size">Image side in pixels.</param>
    /// <param name="families">How many families to mix, 3 to 5.</param>
    /// <param name="seed">Same seed, same images.</param>
    /// <param name="cache">Keep the drawn images in a cache file.</param>
    /// <param name="cacheDir">The cache folder; null means <see cref="DataCache.DefaultDirectory"/>.</param>
    public static ImageDataset Mixed(int count, int size = 32, int families = 4, int seed = 0, bool cache = true, string? cacheDir = null)
    {
        CheckCountAndSize(count, size);
        if (families is < 3 or > 5) throw new ArgumentOutOfRangeException(nameof(families), $"Mix 3 to 5 families, got {families}.");
        var family = new int[count];
        for (int i = 0; i < count; i++) family[i] = MixedRenderer.FamilyOf(seed, i, families);
        string identity = $"mixed v{DrawingVersion} count {count} size {size} families {families} seed {seed}";
        return Cached($"mixed-{size}px-{count}", identity, DataCache.CodeVersion, cache, cacheDir, () => new RawImages
        {
            Pixels = ParallelCanvas.Render(count, size, (canvas, i) => MixedRenderer.Draw(canvas, seed, i, family[i])),
            Count = count, Channels = 3, Height = size, Width = size,
            Labels = family.Select(f => (long)f).ToArray(),
            ClassNames = MixedRenderer.Families.Take(families).ToArray(),
        }, $"mixed({families} families, seed {seed})");
    }

    /// <summary>
    /// Random square patches of one large image, resized to <paramref name="size"/>: a procedural 512x512 doodle
    /// (squiggles, spirals, rings, stars, dots and washes on paper) drawn from <paramref name="seed"/>, or the image
    /// file at <paramref name="imagePath"/> (the article's first experiment trained a GAN on one doodle this way).
    /// </summary>
    /// <param name="count">Number of patches.</param>
    /// <param name="size">Output side in pixels.</param>
    /// <param name="seed">Same seed, same doodle and patches.</param>
    /// <param name="imagePath">A .png or .jpg to cut patches from instead of the procedural doodle.</param>
    /// <param name="patch">Side of the square cut from the large image, in its pixels; null means 2 x size.</param>
    public static ImageDataset Doodles(int count, int size = 32, int seed = 0, string? imagePath = null, int? patch = null)
    {
        CheckCountAndSize(count, size);
        int side = patch ?? 2 * size;
        SkiaSharp.SKImage source;
        if (imagePath is null) source = DoodleRenderer.Doodle(seed);
        else
        {
            string full = Path.GetFullPath(imagePath);
            if (!File.Exists(full)) throw new FileNotFoundException($"Doodle image not found: {full}. Pass any .png or .jpg drawing, or leave imagePath out for the procedural doodle.", full);
            using var bitmap = GanLab.Imaging.ImageTensor.DecodeBitmap(File.ReadAllBytes(full), full);
            source = SkiaSharp.SKImage.FromBitmap(bitmap);
        }
        using (source)
        {
            if (side < 1 || side > Math.Min(source.Width, source.Height))
                throw new ArgumentOutOfRangeException(nameof(patch), $"Patches of {side} pixels do not fit in the {source.Width}x{source.Height} image.");
            var sampling = new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear, SkiaSharp.SKMipmapMode.Linear);
            var pixels = ParallelCanvas.Render(count, size, (canvas, i) =>
            {
                var r = new SplitMix(seed, i, stream: 0xC809);
                int x = r.Below(source.Width - side + 1), y = r.Below(source.Height - side + 1);
                canvas.DrawImage(source, SkiaSharp.SKRect.Create(x, y, side, side), SkiaSharp.SKRect.Create(0, 0, ParallelCanvas.Units, ParallelCanvas.Units), sampling);
            });
            var raw = new RawImages { Pixels = pixels, Count = count, Channels = 3, Height = size, Width = size };
            return raw.ToDataset(imagePath is null ? $"doodle patches(seed {seed})" : $"patches of {Path.GetFileName(imagePath)}");
        }
    }

    /// <summary>The large procedural doodle that <see cref="Doodles"/> cuts patches from, as a (3, side, side) tensor in [-1, 1].</summary>
    public static TorchSharp.torch.Tensor DoodleImage(int seed = 0, int side = 512)
    {
        using var image = DoodleRenderer.Doodle(seed, side);
        using var bitmap = SkiaSharp.SKBitmap.FromImage(image);
        return GanLab.Imaging.ImageTensor.FromBitmap(bitmap, 3, GanLab.Imaging.ImageTensor.MinusOneOne);
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
