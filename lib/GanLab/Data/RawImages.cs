using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>
/// Decoded images as bytes (N, C, H, W), with their labels and metadata: what loaders produce and what the
/// cache file holds. <see cref="ToDataset"/> turns it into an <see cref="ImageDataset"/> of floats in [-1, 1].
/// </summary>
internal sealed class RawImages
{
    public required byte[] Pixels { get; init; }
    public required int Count { get; init; }
    public required int Channels { get; init; }
    public required int Height { get; init; }
    public required int Width { get; init; }
    public long[]? Labels { get; init; }
    public byte[]? Attributes { get; init; }          // (N, A) 0/1
    public string[]? AttributeNames { get; init; }
    public string[]? ClassNames { get; init; }
    public string[]? FileNames { get; init; }
    public string[] Skipped { get; init; } = Array.Empty<string>();

    public long ImageBytes => (long)Channels * Height * Width;

    /// <summary>Checks that every array has the length the shape says.</summary>
    public void Validate()
    {
        if ((long)Count * ImageBytes != Pixels.LongLength) throw new InvalidDataException($"pixel bytes {Pixels.LongLength} != {Count} x {ImageBytes}");
        if (Labels is not null && Labels.Length != Count) throw new InvalidDataException($"labels {Labels.Length} != {Count}");
        if (Attributes is not null && (AttributeNames is null || Attributes.LongLength != (long)Count * AttributeNames.Length))
            throw new InvalidDataException("attribute table does not match its names");
        if (FileNames is not null && FileNames.Length != Count) throw new InvalidDataException($"file names {FileNames.Length} != {Count}");
    }

    /// <summary>Converts to float tensors on the CPU: images to [-1, 1] (the same mapping as ImageTensor), attributes to 0/1.</summary>
    public ImageDataset ToDataset(string source, IReadOnlyList<FaceAttributes>? table = null, string? cachePath = null, bool fromCache = false)
    {
        Validate();
        using var scope = NewDisposeScope();
        // b -> b / 255 * 2 - 1 (exactly as ImageTensor), in place on one float tensor (a set can be hundreds of megabytes).
        var images = tensor(Pixels, new long[] { Count, Channels, Height, Width }, ScalarType.Byte).to(ScalarType.Float32);
        images.div_(255f).mul_(2f).sub_(1f);
        var labels = Labels is null ? null : tensor(Labels, new long[] { Count }, ScalarType.Int64);
        var attributes = Attributes is null ? null
            : tensor(Attributes, new long[] { Count, AttributeNames!.Length }, ScalarType.Byte).to(ScalarType.Float32);
        var data = new ImageDataset(images, labels, attributes, AttributeNames, ClassNames)
        {
            Source = source,
            Table = table,
            FileNames = FileNames,
            SkippedFiles = Skipped,
            CachePath = cachePath,
            FromCache = fromCache,
        };
        data.DetachFromScope();
        return data;
    }
}
