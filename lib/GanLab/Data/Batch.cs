using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>
/// One mini-batch from a <see cref="DataLoader"/>: images (B, C, H, W) in [-1, 1] on the loader's device, with the
/// matching labels and attributes. The loader frees a batch when the next one is drawn; <c>clone()</c> what you keep.
/// </summary>
public sealed class Batch : IDisposable
{
    internal Batch(Tensor images, Tensor? labels, Tensor? attributes, int[] indices)
    {
        Images = images;
        Labels = labels;
        Attributes = attributes;
        Indices = indices;
    }

    /// <summary>(B, C, H, W) float32 in [-1, 1].</summary>
    public Tensor Images { get; }
    /// <summary>(B) int64 labels, or null when the data set has none.</summary>
    public Tensor? Labels { get; }
    /// <summary>(B, A) float32 0/1 attributes, or null when the data set has none.</summary>
    public Tensor? Attributes { get; }
    /// <summary>Which items of the data set are in this batch, in order.</summary>
    public IReadOnlyList<int> Indices { get; }
    /// <summary>Number of images in the batch.</summary>
    public int Count => Indices.Count;

    /// <summary>Frees the batch's tensors (safe to call twice).</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
        Attributes?.Dispose();
    }
}
