using System.Collections;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>
/// Mini-batches over an <see cref="ImageDataset"/>, as PyTorch's DataLoader: each <c>foreach</c> is one epoch.
/// Epoch e shuffles with seed <c>seed + e</c> (so a run is reproducible and a resumed run can ask for the same
/// epoch again with <see cref="Epoch"/>); <c>flip</c> mirrors each image left-right with probability
/// 1/2 (the augmentation that doubled the 1,000 images of the eye article, <i>This eye does not exist</i>). Batches
/// are cut on the CPU and each part (images, labels, attributes) goes to the loader's device when the consumer reads
/// it; with <c>keepOnDevice</c> the whole data set is copied to the device once and batches are cut there (no copy per
/// batch: for small sets on a GPU).
/// </summary>
/// <example><code>
/// var loader = new DataLoader(faces, batchSize: 64, flip: true, seed: 1);
/// for (int epoch = 0; epoch &lt; 5; epoch++)
///     foreach (var batch in loader) { using var scope = torch.NewDisposeScope(); /* train on batch.Images */ }
/// using var onGpu = new DataLoader(faces, 64, flip: true, keepOnDevice: true);   // 20,000 32x32 faces: 246 MB on the GPU
/// </code></example>
public sealed class DataLoader : IEnumerable<Batch>, IDisposable
{
    readonly ImageDataset _data;
    (Tensor Images, Tensor? Labels, Tensor? Attributes)? _onDevice;
    int _nextEpoch;

    /// <summary>Batches <paramref name="data"/>; nothing is copied until a batch is drawn.</summary>
    /// <param name="data">The images (and labels) to batch.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="shuffle">Visit the items in a new random order every epoch.</param>
    /// <param name="flip">Mirror each image horizontally with probability 1/2 (random per epoch).</param>
    /// <param name="seed">Epoch e uses seed + e for its order and flips.</param>
    /// <param name="dropLast">Leave out the last, smaller batch (GAN training wants equal batches).</param>
    /// <param name="device">Where batches go; null means the runtime's device.</param>
    /// <param name="keepOnDevice">Copy the whole data set to <paramref name="device"/> once (at the first batch) and cut batches there.</param>
    public DataLoader(ImageDataset data, int batchSize, bool shuffle = true, bool flip = false, int seed = 0, bool dropLast = true, Device? device = null,
        bool keepOnDevice = false)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Batch size must be at least 1, got {batchSize}.");
        if (data.Count == 0) throw new ArgumentException($"{data.Source} is empty.", nameof(data));
        if (dropLast && batchSize > data.Count)
            throw new ArgumentException($"Batch size {batchSize} is larger than the data set ({data.Count} images) and dropLast leaves no batch; lower the batch size.", nameof(batchSize));
        _data = data;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Flip = flip;
        Seed = seed;
        DropLast = dropLast;
        Device = device ?? TorchRuntime.Current.Device;
        KeepOnDevice = keepOnDevice && Device.type != DeviceType.CPU;
    }

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; }
    /// <summary>Whether each epoch visits the items in a new random order.</summary>
    public bool Shuffle { get; }
    /// <summary>Whether images are mirrored at random.</summary>
    public bool Flip { get; }
    /// <summary>The base seed (epoch e uses seed + e).</summary>
    public int Seed { get; }
    /// <summary>Whether the last, incomplete batch is left out.</summary>
    public bool DropLast { get; }
    /// <summary>Where batches are placed.</summary>
    public Device Device { get; }
    /// <summary>Whether the whole data set is kept on <see cref="Device"/> (never on the CPU: there it already is).</summary>
    public bool KeepOnDevice { get; }
    /// <summary>The data set being batched.</summary>
    public ImageDataset Dataset => _data;

    /// <summary>Batches per epoch.</summary>
    public int Count => DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>The epoch the next <c>foreach</c> will run (0 for a new loader).</summary>
    public int NextEpoch => _nextEpoch;

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the items.</summary>
    public int[] Order(int epoch) => Shuffle
        ? new SplitMix(Seed + (long)epoch, 0, stream: 0x0DE7).Permutation(_data.Count)
        : Enumerable.Range(0, _data.Count).ToArray();

    /// <summary>The batches of epoch <paramref name="epoch"/> (the same every time it is asked for). Each batch is freed when the next is drawn.</summary>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        int[] order = Order(epoch);
        var flipRandom = new SplitMix(Seed + (long)epoch, 0, stream: 0xF11B);
        bool[] flips = new bool[order.Length];
        if (Flip) for (int i = 0; i < flips.Length; i++) flips[i] = flipRandom.Chance(0.5);
        Batch? previous = null;
        try
        {
            for (int b = 0; b < Count; b++)
            {
                int start = b * BatchSize, n = Math.Min(BatchSize, order.Length - start);
                var indices = order.AsSpan(start, n).ToArray();
                previous?.Dispose();
                previous = MakeBatch(indices, flips.AsSpan(start, n));
                yield return previous;
            }
        }
        finally { previous?.Dispose(); }
    }

    Batch MakeBatch(int[] indices, ReadOnlySpan<bool> flips)
    {
        using var scope = NewDisposeScope();
        var (allImages, allLabels, allAttributes) = Source();
        var index = tensor(indices.Select(i => (long)i).ToArray(), ScalarType.Int64, device: allImages.device);
        var images = allImages.index_select(0, index);
        var flipped = new List<long>();
        for (int i = 0; i < flips.Length; i++) if (flips[i]) flipped.Add(i);
        if (flipped.Count > 0)
        {
            // Mirror the chosen images left-right (the width is the last dimension). Measured on 32x32 batches of 64,
            // this costs 0.1 ms more than the selection alone (advanced indexing in one op costs 1.3 ms).
            var which = tensor(flipped.ToArray(), ScalarType.Int64, device: allImages.device);
            images = images.index_copy(0, which, images.index_select(0, which).flip(3));
        }
        return new Batch(
            images.DetachFromDisposeScope(),
            allLabels?.index_select(0, index).DetachFromDisposeScope(),
            allAttributes?.index_select(0, index).DetachFromDisposeScope(),
            indices, Device);
    }

    /// <summary>The data set's tensors where batches are cut: the CPU, or the device copy made once for <see cref="KeepOnDevice"/>.</summary>
    (Tensor Images, Tensor? Labels, Tensor? Attributes) Source()
    {
        if (!KeepOnDevice) return (_data.Images, _data.Labels, _data.Attributes);
        return _onDevice ??= (_data.Images.to(Device).DetachFromDisposeScope(),
            _data.Labels?.to(Device).DetachFromDisposeScope(), _data.Attributes?.to(Device).DetachFromDisposeScope());
    }

    /// <summary>Runs the next epoch (0, 1, 2, ... on successive enumerations).</summary>
    public IEnumerator<Batch> GetEnumerator() => Epoch(_nextEpoch++).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Frees the device copy of the data set, if <see cref="KeepOnDevice"/> made one (the data set itself is not touched).</summary>
    public void Dispose()
    {
        if (_onDevice is not { } copy) return;
        copy.Images.Dispose();
        copy.Labels?.Dispose();
        copy.Attributes?.Dispose();
        _onDevice = null;
    }
}
