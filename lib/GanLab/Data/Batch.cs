using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>
/// One mini-batch from a <see cref="DataLoader"/>: images (B, C, H, W) in [-1, 1] on the loader's device, with the
/// matching labels and attributes. Each part is copied to the device when it is first read, so a GAN that reads only
/// <see cref="Images"/> never copies labels or attributes (on a GPU the copy is asynchronous, from pinned memory).
/// The loader frees a batch when the next one is drawn; <c>clone()</c> what you keep.
/// </summary>
public sealed class Batch : IDisposable
{
    readonly Device _device;
    readonly Tensor _images;
    readonly Tensor? _labels, _attributes;
    Tensor? _imagesThere, _labelsThere, _attributesThere;
    bool _disposed;

    /// <param name="images">The batch's images where the loader cut them (the CPU, or the device for a data set kept there).</param>
    /// <param name="labels">Their labels, or null.</param>
    /// <param name="attributes">Their attributes, or null.</param>
    /// <param name="indices">Which items of the data set they are.</param>
    /// <param name="device">Where the parts go when read.</param>
    internal Batch(Tensor images, Tensor? labels, Tensor? attributes, int[] indices, Device device)
    {
        _images = images;
        _labels = labels;
        _attributes = attributes;
        Indices = indices;
        _device = device;
    }

    /// <summary>(B, C, H, W) float32 in [-1, 1].</summary>
    public Tensor Images => _imagesThere ??= ToDevice(_images);
    /// <summary>(B) int64 labels, or null when the data set has none.</summary>
    public Tensor? Labels => _labels is null ? null : _labelsThere ??= ToDevice(_labels);
    /// <summary>(B, A) float32 0/1 attributes, or null when the data set has none.</summary>
    public Tensor? Attributes => _attributes is null ? null : _attributesThere ??= ToDevice(_attributes);
    /// <summary>Which items of the data set are in this batch, in order.</summary>
    public IReadOnlyList<int> Indices { get; }
    /// <summary>Number of images in the batch.</summary>
    public int Count => Indices.Count;

    /// <summary>How many parts were copied to the device so far (for tests: only what is read is copied).</summary>
    internal int CopiedParts { get; private set; }

    Tensor ToDevice(Tensor part)
    {
        if (_disposed || part.device_type == _device.type && (_device.type == DeviceType.CPU || part.device_index == Math.Max(0, _device.index)))
            return part;   // a freed batch's parts stay freed
        CopiedParts++;
        if (_device.type != DeviceType.CUDA || part.device_type != DeviceType.CPU)
            return part.to(_device).DetachFromDisposeScope();
        // Pinned (page-locked) host memory lets the copy run asynchronously; the caching host allocator keeps the pinned
        // block until the copy has finished, so it can be freed at once.
        using var pinned = part.pin_memory();
        return pinned.to(_device, non_blocking: true).DetachFromDisposeScope();
    }

    /// <summary>Frees the batch's tensors (safe to call twice).</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var t in new[] { _imagesThere, _labelsThere, _attributesThere, _images, _labels, _attributes })
            t?.Dispose();
    }
}
