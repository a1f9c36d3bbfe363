using GanLab.Data;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Data;

public class DataLoaderTests
{
    public DataLoaderTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    /// <summary>10 images 1x2x3 whose pixels hold their index and whose left and right halves differ.</summary>
    static ImageDataset Numbered(int n = 10)
    {
        var images = torch.arange(n, dtype: ScalarType.Float32).view(n, 1, 1, 1).expand(n, 1, 2, 3).contiguous().div(100);
        images[.., .., .., 2] = images[.., .., .., 2].neg();   // mirror-asymmetric: flipping moves the negated column
        var labels = torch.arange(n, dtype: ScalarType.Int64).mul(10);
        var attributes = torch.arange(n, dtype: ScalarType.Float32).remainder(2).view(n, 1);
        return new ImageDataset(images, labels, attributes, new[] { "Odd" });
    }

    [Fact]
    public void An_epoch_visits_every_item_once_in_a_seeded_order_that_changes_each_epoch()
    {
        using var data = Numbered();
        var loader = new DataLoader(data, batchSize: 4, shuffle: true, seed: 5, dropLast: false);
        Assert.Equal(3, loader.Count);
        var epoch0 = loader.SelectMany(b => b.Indices).ToList();     // first foreach: epoch 0
        var epoch1 = loader.SelectMany(b => b.Indices).ToList();     // second foreach: epoch 1
        Assert.Equal(Enumerable.Range(0, 10), epoch0.OrderBy(i => i));
        Assert.Equal(Enumerable.Range(0, 10), epoch1.OrderBy(i => i));
        Assert.NotEqual(epoch0, epoch1);
        Assert.Equal(2, loader.NextEpoch);
        // Same seed, same orders; epoch e can be asked for again.
        var again = new DataLoader(data, batchSize: 4, shuffle: true, seed: 5, dropLast: false);
        Assert.Equal(epoch0, again.Epoch(0).SelectMany(b => b.Indices));
        Assert.Equal(epoch1, again.Epoch(1).SelectMany(b => b.Indices));
        Assert.Equal(epoch1, new DataLoader(data, 4, seed: 4, dropLast: false).Epoch(2).SelectMany(b => b.Indices));   // seed + epoch
        // Without shuffling the order is 0..n-1.
        Assert.Equal(Enumerable.Range(0, 10), new DataLoader(data, 3, shuffle: false, dropLast: false).SelectMany(b => b.Indices));
    }

    [Fact]
    public void Drop_last_leaves_out_the_short_batch()
    {
        using var data = Numbered();
        var sizes = new DataLoader(data, 4, dropLast: true).Select(b => b.Count).ToList();
        Assert.Equal(new[] { 4, 4 }, sizes);
        Assert.Equal(new[] { 4, 4, 2 }, new DataLoader(data, 4, dropLast: false).Select(b => (int)b.Images.shape[0]).ToList());
        Assert.Throws<ArgumentException>(() => new DataLoader(data, 11));
    }

    [Fact]
    public void Batches_hold_the_images_labels_and_attributes_of_their_indices()
    {
        using var data = Numbered();
        foreach (var batch in new DataLoader(data, 5, seed: 2))
        {
            Assert.Equal(new long[] { 5, 1, 2, 3 }, batch.Images.shape);
            Assert.Equal(DeviceType.CPU, batch.Images.device_type);
            for (int i = 0; i < batch.Count; i++)
            {
                int k = batch.Indices[i];
                Assert.True(TensorAssert.Same(batch.Images[i], data.Images[k]));
                Assert.Equal(10L * k, batch.Labels![i].item<long>());
                Assert.Equal(k % 2, batch.Attributes![i, 0].item<float>());
            }
        }
    }

    [Fact]
    public void Flip_mirrors_about_half_the_images_and_the_same_ones_for_the_same_seed()
    {
        using var data = Numbered(200);
        int Flipped(DataLoader loader, out List<int> which)
        {
            which = new List<int>();
            foreach (var batch in loader)
                for (int i = 0; i < batch.Count; i++)
                {
                    var original = data.Images[batch.Indices[i]];
                    if (TensorAssert.Same(batch.Images[i], original)) continue;
                    Assert.True(TensorAssert.Same(batch.Images[i], original.flip(2)), "an altered image is exactly the mirror image");
                    which.Add(batch.Indices[i]);
                }
            return which.Count;
        }
        int n = Flipped(new DataLoader(data, 20, flip: true, seed: 1), out var first);
        Assert.InRange(n, 70, 130);
        Flipped(new DataLoader(data, 20, flip: true, seed: 1), out var second);
        Assert.Equal(first, second);
        Assert.Equal(0, Flipped(new DataLoader(data, 20, flip: false, seed: 1), out _));
    }

    [Fact]
    public void A_batch_is_freed_when_the_next_is_drawn()
    {
        using var data = Numbered();
        Batch? previous = null;
        foreach (var batch in new DataLoader(data, 2))
        {
            if (previous is not null) Assert.True(previous.Images.IsInvalid);
            previous = batch;
        }
        Assert.True(previous!.Images.IsInvalid);
    }

    [Fact]
    public void Only_the_parts_a_consumer_reads_are_copied_to_the_device()
    {
        using var data = Numbered();
        var device = Runtime.StandInDevice.Device;
        foreach (var batch in new DataLoader(data, 5, seed: 2, device: device))
        {
            Assert.Equal(device.type, batch.Images.device_type);
            Assert.Equal(1, batch.CopiedParts);   // the images; labels and attributes stay where they were cut
            Assert.Equal(device.type, batch.Attributes!.device_type);
            Assert.Equal(2, batch.CopiedParts);
        }
        foreach (var batch in new DataLoader(data, 5, seed: 2))   // on the CPU nothing is copied
        {
            _ = (batch.Images, batch.Labels, batch.Attributes);
            Assert.Equal(0, batch.CopiedParts);
        }
    }

    [Fact]
    public void A_data_set_kept_on_the_device_gives_the_same_batches_without_copying_any()
    {
        using var data = Numbered(40);
        var device = Runtime.StandInDevice.Device;
        using var kept = new DataLoader(data, 8, flip: true, seed: 3, device: device, keepOnDevice: true);
        Assert.True(kept.KeepOnDevice);
        Assert.False(new DataLoader(data, 8, device: torch.CPU, keepOnDevice: true).KeepOnDevice);   // on the CPU it already is
        var expected = new DataLoader(data, 8, flip: true, seed: 3).Epoch(0).Select(b => (b.Images.clone(), b.Labels!.clone(), b.Attributes!.clone())).ToList();
        int i = 0;
        foreach (var batch in kept.Epoch(0))
        {
            Assert.Equal(device.type, batch.Images.device_type);
            Assert.Equal(device.type, batch.Labels!.device_type);
            Assert.Equal(0, batch.CopiedParts);
            Assert.True(TensorAssert.Same(expected[i].Item1, batch.Images.cpu()));
            Assert.True(TensorAssert.Same(expected[i].Item2, batch.Labels!.cpu()));
            Assert.True(TensorAssert.Same(expected[i].Item3, batch.Attributes!.cpu()));
            i++;
        }
        Assert.Equal(5, i);
    }

    [Fact]
    public void Subsets_and_random_splits_keep_labels_attributes_and_the_table_aligned()
    {
        using var faces = Datasets.Faces(30, size: 8, seed: 1, cache: false);
        using var sub = faces.Subset(new[] { 7, 3, 3 });
        Assert.Equal(3, sub.Count);
        Assert.True(TensorAssert.Same(sub.Images[0], faces.Images[7]));
        Assert.Equal(faces.Table![3], sub.Table![2]);
        Assert.Equal(faces.Labels![3].item<long>(), sub.Labels![1].item<long>());
        var (a, b) = faces.RandomSplit(20, seed: 3);
        using (a) using (b)
        {
            Assert.Equal((20, 10), (a.Count, b.Count));
            var all = a.Table!.Concat(b.Table!).ToHashSet();
            Assert.Equal(30, all.Count);   // disjoint and complete
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => faces.Subset(new[] { 30 }));
    }
}
