using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>
/// An image data set held in memory: <see cref="Images"/> (N, C, H, W) float32 in [-1, 1] on the CPU (what a tanh
/// generator outputs), with optional <see cref="Labels"/> (N) int64, binary <see cref="Attributes"/> (N, A) float32
/// 0/1 named by <see cref="AttributeNames"/>, and for procedural faces the full ground truth in <see cref="Table"/>.
/// Feed it to a <see cref="DataLoader"/> for shuffled batches. The data set owns its tensors: dispose it to free them.
/// </summary>
/// <example><code>
/// using var faces = Datasets.Faces(20_000, size: 32);          // 20000 images 3x32x32, 18 attributes, 132 modes
/// var smiling = faces.Where("Smiling");                        // a subset
/// foreach (var batch in new DataLoader(faces, batchSize: 64, flip: true)) { /* batch.Images (64, 3, 32, 32) */ }
/// </code></example>
public sealed class ImageDataset : IDisposable
{
    /// <summary>Wraps tensors as a data set (for example generated images, to compare them with real ones); it takes ownership of them.</summary>
    /// <param name="images">(N, C, H, W) floats in [-1, 1]; moved to the CPU.</param>
    /// <param name="labels">(N) class indices, or null.</param>
    /// <param name="attributes">(N, A) 0/1 attributes, or null.</param>
    /// <param name="attributeNames">A names for the attribute columns (required with <paramref name="attributes"/>).</param>
    /// <param name="classNames">Names of the label values, or null.</param>
    public ImageDataset(Tensor images, Tensor? labels = null, Tensor? attributes = null,
        IReadOnlyList<string>? attributeNames = null, IReadOnlyList<string>? classNames = null)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"Images must be (N, C, H, W); got shape [{string.Join(", ", images.shape)}].", nameof(images));
        long n = images.shape[0];
        if (labels is not null && (labels.dim() != 1 || labels.shape[0] != n))
            throw new ArgumentException($"Labels must be ({n}); got shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (attributes is not null)
        {
            if (attributes.dim() != 2 || attributes.shape[0] != n)
                throw new ArgumentException($"Attributes must be ({n}, A); got shape [{string.Join(", ", attributes.shape)}].", nameof(attributes));
            if (attributeNames is null || attributeNames.Count != attributes.shape[1])
                throw new ArgumentException($"Give one name per attribute column ({attributes.shape[1]}); got {attributeNames?.Count ?? 0}.", nameof(attributeNames));
        }
        Images = images.device_type == DeviceType.CPU && images.dtype == ScalarType.Float32 ? images : images.to(ScalarType.Float32).cpu();
        Labels = labels is null ? null : labels.device_type == DeviceType.CPU && labels.dtype == ScalarType.Int64 ? labels : labels.to(ScalarType.Int64).cpu();
        Attributes = attributes is null ? null : attributes.device_type == DeviceType.CPU && attributes.dtype == ScalarType.Float32 ? attributes : attributes.to(ScalarType.Float32).cpu();
        AttributeNames = attributeNames ?? Array.Empty<string>();
        ClassNames = classNames;
        DetachFromScope();   // the data set owns its tensors: no dispose scope frees them behind its back
    }

    /// <summary>(N, C, H, W) float32 in [-1, 1], on the CPU.</summary>
    public Tensor Images { get; }
    /// <summary>(N) int64 class indices (Fashion-MNIST's classes, a folder's sub-folders, the faces' mode, the mixed collection's hidden family), or null.</summary>
    public Tensor? Labels { get; }
    /// <summary>(N, A) float32 0/1 attributes (CelebA's 40, or the faces' binary view), or null.</summary>
    public Tensor? Attributes { get; }
    /// <summary>The names of the attribute columns (empty when there are none).</summary>
    public IReadOnlyList<string> AttributeNames { get; }
    /// <summary>The name of each label value, or null.</summary>
    public IReadOnlyList<string>? ClassNames { get; }
    /// <summary>For procedural faces: every face's full ground truth (discrete attributes and continuous jitter); otherwise null.</summary>
    public IReadOnlyList<FaceAttributes>? Table { get; init; }
    /// <summary>For data read from files: each image's path relative to the root; otherwise null.</summary>
    public IReadOnlyList<string>? FileNames { get; init; }
    /// <summary>Files that could not be read ("path: reason"); they are left out, never fatal.</summary>
    public IReadOnlyList<string> SkippedFiles { get; init; } = Array.Empty<string>();
    /// <summary>Where the data came from, in words (for grid captions and logs).</summary>
    public string Source { get; set; } = "tensors";
    /// <summary>The cache file this data set was loaded from or saved to, or null.</summary>
    public string? CachePath { get; init; }
    /// <summary>True when the images were read from a valid cache file instead of being decoded or drawn.</summary>
    public bool FromCache { get; init; }

    /// <summary>Number of images.</summary>
    public int Count => (int)Images.shape[0];
    /// <summary>Channels per image (1 gray, 3 RGB).</summary>
    public int Channels => (int)Images.shape[1];
    /// <summary>Image height in pixels.</summary>
    public int Height => (int)Images.shape[2];
    /// <summary>Image width in pixels.</summary>
    public int Width => (int)Images.shape[3];
    /// <summary>Number of files skipped because they could not be read.</summary>
    public int Skipped => SkippedFiles.Count;

    /// <summary>Image <paramref name="index"/> as a (C, H, W) view (no copy).</summary>
    public Tensor this[int index] => Images[index];

    /// <summary>The column of attribute <paramref name="name"/> (N) as 0/1 floats.</summary>
    public Tensor Attribute(string name) => Attributes is null
        ? throw new InvalidOperationException($"{Source} has no attributes.")
        : Attributes[.., AttributeIndex(name)];

    int AttributeIndex(string name)
    {
        for (int i = 0; i < AttributeNames.Count; i++)
            if (string.Equals(AttributeNames[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new ArgumentException($"{Source} has no attribute '{name}'. Known: {string.Join(", ", AttributeNames)}.", nameof(name));
    }

    /// <summary>A new data set with the items at <paramref name="indices"/>, in that order (copies).</summary>
    public ImageDataset Subset(IEnumerable<int> indices)
    {
        int[] idx = indices.ToArray();
        foreach (int i in idx)
            if (i < 0 || i >= Count) throw new ArgumentOutOfRangeException(nameof(indices), $"Index {i} is outside 0..{Count - 1}.");
        using var scope = NewDisposeScope();
        var index = tensor(idx.Select(i => (long)i).ToArray(), ScalarType.Int64);
        var subset = new ImageDataset(Images.index_select(0, index), Labels?.index_select(0, index), Attributes?.index_select(0, index), AttributeNames, ClassNames)
        {
            Table = Table is null ? null : idx.Select(i => Table[i]).ToArray(),
            FileNames = FileNames is null ? null : idx.Select(i => FileNames[i]).ToArray(),
            Source = Source,
        };
        subset.DetachFromScope();
        return subset;
    }

    /// <summary>A new data set with <paramref name="count"/> items from <paramref name="start"/> on (copies).</summary>
    public ImageDataset Subset(int start, int count) => Subset(Enumerable.Range(start, count));

    /// <summary>The items whose attribute <paramref name="name"/> equals <paramref name="value"/> (copies).</summary>
    public ImageDataset Where(string name, bool value = true)
    {
        var column = Attribute(name).data<float>().ToArray();
        return Subset(Enumerable.Range(0, Count).Where(i => column[i] > 0.5f == value));
    }

    /// <summary>Two disjoint random parts of <paramref name="firstCount"/> and Count - firstCount items (as torch's random_split); seeded.</summary>
    public (ImageDataset First, ImageDataset Second) RandomSplit(int firstCount, int seed = 0)
    {
        if (firstCount < 0 || firstCount > Count) throw new ArgumentOutOfRangeException(nameof(firstCount), $"Must be within 0..{Count}.");
        var order = new SplitMix(seed, 0, stream: 0x5917).Permutation(Count);
        return (Subset(order.Take(firstCount)), Subset(order.Skip(firstCount)));
    }

    internal void DetachFromScope()
    {
        Images.DetachFromDisposeScope();
        Labels?.DetachFromDisposeScope();
        Attributes?.DetachFromDisposeScope();
    }

    /// <summary>"faces(seed 0): 20000 images 3x32x32, 132 classes, 18 attributes".</summary>
    public override string ToString()
    {
        var parts = new List<string> { $"{Count} images {Channels}x{Height}x{Width}" };
        if (Labels is not null) parts.Add(ClassNames is { } names ? $"{names.Count} classes" : "labels");
        if (Attributes is not null) parts.Add($"{AttributeNames.Count} attributes");
        if (Skipped > 0) parts.Add($"{Skipped} files skipped");
        return $"{Source}: {string.Join(", ", parts)}";
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
        Attributes?.Dispose();
    }
}
