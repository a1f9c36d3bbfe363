using GanLab.Data;
using GanLab.Imaging;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Data;

public class MixedAndDoodleTests
{
    public MixedAndDoodleTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void The_mixed_collection_hides_its_families_in_the_labels_and_is_reproducible()
    {
        using var a = Datasets.Mixed(120, size: 16, families: 5, seed: 3, cache: false);
        using var b = Datasets.Mixed(120, size: 16, families: 5, seed: 3, cache: false);
        Assert.True(TensorAssert.Same(a.Images, b.Images));
        Assert.Equal(Datasets.MixedFamilies, a.ClassNames);
        var counts = a.Labels!.bincount(null, 5).data<long>().ToArray();
        Assert.All(counts, c => Assert.InRange(c, 10, 40));   // uniform: 24 expected per family
        using var three = Datasets.Mixed(60, size: 16, families: 3, cache: false);
        Assert.Equal(new[] { "eye", "lips", "face" }, three.ClassNames);
        Assert.True(three.Labels!.max().item<long>() <= 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Mixed(10, families: 6, cache: false));
    }

    [Fact]
    public void The_families_look_different_enough_to_be_told_apart_from_pixels()
    {
        // A nearest-centroid classifier on raw 16x16 pixels, fitted on 300 items and tested on 300 others.
        using var data = Datasets.Mixed(600, size: 16, families: 5, seed: 1, cache: false);
        var x = data.Images.view(600, -1);
        var y = data.Labels!;
        var centroids = torch.stack(Enumerable.Range(0, 5).Select(f => x[..300][y[..300].eq(f)].mean(new long[] { 0 })).ToArray());
        var predicted = torch.cdist(x[300..], centroids).argmin(1);
        double accuracy = predicted.eq(y[300..]).to(ScalarType.Float32).mean().item<float>();
        Assert.True(accuracy > 0.7, $"nearest-centroid accuracy {accuracy:F2}");
    }

    [Fact]
    public void Doodle_patches_are_reproducible_crops_of_one_large_doodle()
    {
        using var a = Datasets.Doodles(40, size: 16, seed: 2);
        using var b = Datasets.Doodles(40, size: 16, seed: 2);
        using var c = Datasets.Doodles(40, size: 16, seed: 3);
        Assert.Equal(new long[] { 40, 3, 16, 16 }, a.Images.shape);
        Assert.True(TensorAssert.Same(a.Images, b.Images));
        Assert.False(TensorAssert.Same(a.Images, c.Images));
        Assert.Null(a.Labels);
        // Patches differ from one another (random positions), and are mostly paper with ink on it.
        Assert.True(a.Images[0].sub(a.Images[1]).abs().mean().item<float>() > 0.05f);
        using var doodle = Datasets.DoodleImage(seed: 2);
        Assert.Equal(new long[] { 3, 512, 512 }, doodle.shape);
        Assert.True(doodle.mean().item<float>() > 0.3f, "mostly light paper");
    }

    [Fact]
    public void Doodle_patches_can_come_from_a_user_image()
    {
        using var dir = new TempDir();
        var image = torch.zeros(3, 40, 120);
        image[0, .., ..60] = torch.ones(40, 60);    // left half red
        image[2, .., 60..] = torch.ones(40, 60);    // right half blue
        File.WriteAllBytes(dir["drawing.png"], ImageTensor.EncodePng(image));
        using var patches = Datasets.Doodles(30, size: 8, imagePath: dir["drawing.png"], patch: 20);
        Assert.Equal(new long[] { 30, 3, 8, 8 }, patches.Images.shape);
        Assert.All(Enumerable.Range(0, 30), i => Assert.Equal(-1f, patches.Images[i][1].max().item<float>()));   // never green
        var redness = patches.Images[.., 0].mean(new long[] { 1, 2 });
        Assert.True(redness.max().item<float>() > 0.9f && redness.min().item<float>() < -0.9f, "some patches all red, some all blue");
        var missing = Assert.Throws<FileNotFoundException>(() => Datasets.Doodles(3, imagePath: dir["none.png"]));
        Assert.Contains(dir["none.png"], missing.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Doodles(3, size: 8, imagePath: dir["drawing.png"], patch: 41));
    }
}
