using GanLab.Data;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Data;

public class FacesTests
{
    public FacesTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Same_seed_gives_the_same_faces_and_each_face_depends_only_on_its_index()
    {
        using var a = Datasets.Faces(12, size: 32, seed: 3, cache: false);
        using var b = Datasets.Faces(12, size: 32, seed: 3, cache: false);
        using var first5 = Datasets.Faces(5, size: 32, seed: 3, cache: false);
        using var other = Datasets.Faces(12, size: 32, seed: 4, cache: false);
        Assert.True(TensorAssert.Same(a.Images, b.Images));
        Assert.True(TensorAssert.Same(a.Attributes!, b.Attributes!));
        Assert.True(TensorAssert.Same(a.Images[..5], first5.Images));
        Assert.Equal(a.Table!.Take(5), first5.Table!);
        Assert.False(TensorAssert.Same(a.Images, other.Images));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    public void Faces_come_in_any_size_as_rgb_in_minus_one_one(int size)
    {
        using var faces = Datasets.Faces(4, size, cache: false);
        Assert.Equal(new long[] { 4, 3, size, size }, faces.Images.shape);
        Assert.True(faces.Images.min().item<float>() >= -1f && faces.Images.max().item<float>() <= 1f);
        Assert.True(faces.Images.std().item<float>() > 0.2f, "a face image is not flat");
        Assert.Equal(new long[] { 4, FaceAttributes.BinaryNames.Count }, faces.Attributes!.shape);
        Assert.Equal(4, faces.Table!.Count);
    }

    [Fact]
    public void Combinations_are_the_132_modes_and_their_probabilities_sum_to_one()
    {
        var modes = FaceAttributes.Combinations;
        Assert.Equal(3 * 2 * 11 * 2, modes.Count);
        Assert.Equal(1.0, modes.Sum(m => m.Probability), 9);
        Assert.Equal(modes.Count, modes.Select(m => m.Name).Distinct().Count());
        for (int k = 0; k < modes.Count; k++) Assert.Equal(k, modes[k].Index);
        // The documented extremes.
        Assert.Equal(0.03024, modes.Max(m => m.Probability), 5);
        Assert.Equal(0.00075, modes.Min(m => m.Probability), 5);
    }

    [Fact]
    public void Sampled_faces_follow_the_documented_mode_frequencies()
    {
        const int n = 40_000;
        var counts = new int[FaceAttributes.Combinations.Count];
        for (int i = 0; i < n; i++)
        {
            var face = FaceAttributes.Sample(7, i);
            var mode = FaceAttributes.Combinations[face.Combination];
            Assert.Equal(face.Mouth, mode.Mouth);
            Assert.Equal(face.Glasses, mode.Glasses);
            Assert.Equal(face.Hair, mode.Hair);
            Assert.Equal(face.Beard, mode.Beard);
            if (face.Hair != HairStyle.Bald) Assert.Equal(face.HairColor, mode.HairColor);
            counts[face.Combination]++;
        }
        double totalVariation = 0.5 * FaceAttributes.Combinations.Sum(m => Math.Abs(counts[m.Index] / (double)n - m.Probability));
        Assert.True(totalVariation < 0.04, $"empirical mode distribution is {totalVariation:F3} from the documented one");
        Assert.All(counts, c => Assert.True(c > 0, "every mode appears in 40,000 faces"));
    }

    [Fact]
    public void Labels_and_the_binary_view_match_the_table()
    {
        using var faces = Datasets.Faces(200, size: 16, seed: 1, cache: false);
        var labels = faces.Labels!.data<long>().ToArray();
        var names = faces.AttributeNames;
        for (int i = 0; i < faces.Count; i++)
        {
            var face = faces.Table![i];
            Assert.Equal(face.Combination, labels[i]);
            var row = faces.Attributes![i].data<float>().ToArray();
            Assert.Equal(face.ToBinary(), row);
            float Bit(string name) => row[names.ToList().IndexOf(name)];
            Assert.Equal(face.Mouth == Mouth.Smile ? 1f : 0f, Bit("Smiling"));
            Assert.Equal(face.Glasses ? 1f : 0f, Bit("Eyeglasses"));
            Assert.Equal(1f, Bit("Beard") + Bit("No_Beard"));
            float hairColours = Bit("Black_Hair") + Bit("Brown_Hair") + Bit("Blond_Hair") + Bit("Red_Hair") + Bit("Gray_Hair");
            Assert.Equal(face.Hair == HairStyle.Bald ? 0f : 1f, hairColours);
        }
        Assert.Equal(faces.Where("Eyeglasses").Count, faces.Table!.Count(f => f.Glasses));
    }

    [Fact]
    public void The_mode_can_be_read_back_from_binary_attributes_or_classifier_scores()
    {
        using var faces = Datasets.Faces(300, size: 8, seed: 6, cache: false);
        Assert.True(TensorAssert.Same(FaceAttributes.CombinationsFromBinary(faces.Attributes!), faces.Labels!));
        // Scores that are not exactly 0/1 (a classifier's probabilities) give the same modes.
        var scores = faces.Attributes!.mul(0.8f).add(0.1f);
        Assert.True(TensorAssert.Same(FaceAttributes.CombinationsFromBinary(scores), faces.Labels!));
        Assert.Throws<ArgumentException>(() => FaceAttributes.CombinationsFromBinary(torch.zeros(3, 5)));
    }

    /// <summary>How many of the 32x32 pixels change by more than 40/255 in some channel.</summary>
    static int ChangedPixels(FaceAttributes a, FaceAttributes b)
    {
        using var x = FaceRenderer.Render(a, 32);
        using var y = FaceRenderer.Render(b, 32);
        return (int)x.sub(y).abs().amax(0).gt(40f / 127.5f).sum().item<long>();
    }

    [Fact]
    public void Attributes_change_the_32_pixel_image_visibly()
    {
        // At 32x32 a change of one attribute must move enough pixels by a lot, or a GAN could not learn it
        // and a classifier could not measure it (1024 pixels in all).
        var face = FaceAttributes.Sample(0, 11) with { Glasses = false, Mouth = Mouth.Neutral, Beard = false, Hair = HairStyle.Short, HairColor = HairColor.Black };
        Assert.InRange(ChangedPixels(face, face with { Glasses = true }), 30, 1024);
        Assert.InRange(ChangedPixels(face with { Mouth = Mouth.Smile }, face with { Mouth = Mouth.Frown }), 10, 1024);
        Assert.InRange(ChangedPixels(face with { Mouth = Mouth.Smile }, face), 8, 1024);
        Assert.InRange(ChangedPixels(face, face with { Beard = true }), 60, 1024);
        Assert.InRange(ChangedPixels(face, face with { HairColor = HairColor.Blond }), 40, 1024);
        Assert.InRange(ChangedPixels(face, face with { Hair = HairStyle.Bald }), 30, 1024);
        Assert.InRange(ChangedPixels(face, face with { Hair = HairStyle.Long }), 60, 1024);
        Assert.InRange(ChangedPixels(face, face with { EyesClosed = true }), 8, 1024);
        Assert.Equal(0, ChangedPixels(face, face with { }));
    }

    [Fact]
    public void Rendering_one_face_gives_the_data_set_image()
    {
        using var faces = Datasets.Faces(9, size: 32, seed: 5, cache: false);
        using var alone = FaceRenderer.Render(faces.Table![8], 32);
        Assert.True(TensorAssert.Same(alone, faces.Images[8]));
    }

    [Fact]
    public void The_cache_is_used_on_the_second_call_and_rebuilt_when_corrupt_or_truncated()
    {
        using var dir = new TempDir();
        using var built = Datasets.Faces(50, size: 16, seed: 2, cacheDir: dir.Path);
        Assert.False(built.FromCache);
        Assert.NotNull(built.CachePath);
        Assert.StartsWith(dir.Path, built.CachePath!);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));

        using (var again = Datasets.Faces(50, size: 16, seed: 2, cacheDir: dir.Path))
        {
            Assert.True(again.FromCache);
            Assert.True(TensorAssert.Same(again.Images, built.Images));
            Assert.True(TensorAssert.Same(again.Attributes!, built.Attributes!));
            Assert.True(TensorAssert.Same(again.Labels!, built.Labels!));
            Assert.Equal(built.Table, again.Table);
        }

        // Other options use another file.
        using (var otherSeed = Datasets.Faces(50, size: 16, seed: 9, cacheDir: dir.Path)) Assert.False(otherSeed.FromCache);

        // Flip one pixel byte near the end: the checksum catches it and the set is drawn again, correctly.
        var bytes = File.ReadAllBytes(built.CachePath!);
        bytes[^100] ^= 0x55;
        File.WriteAllBytes(built.CachePath!, bytes);
        using (var repaired = Datasets.Faces(50, size: 16, seed: 2, cacheDir: dir.Path))
        {
            Assert.False(repaired.FromCache);
            Assert.True(TensorAssert.Same(repaired.Images, built.Images));
        }
        using (var reloaded = Datasets.Faces(50, size: 16, seed: 2, cacheDir: dir.Path)) Assert.True(reloaded.FromCache);

        // A file written by another build of the drawing code (same identity, other fingerprint) is stale: redrawn.
        var (identity, raw) = ($"faces v{Datasets.DrawingVersion} count 50 size 16 seed 2", new RawImages
        {
            Pixels = new byte[50 * 3 * 16 * 16], Count = 50, Channels = 3, Height = 16, Width = 16,
        });
        Assert.True(DataCache.Save(built.CachePath!, identity, "an older build", raw));
        using (var redrawn = Datasets.Faces(50, size: 16, seed: 2, cacheDir: dir.Path))
        {
            Assert.False(redrawn.FromCache);
            Assert.True(TensorAssert.Same(redrawn.Images, built.Images));
        }

        // A truncated file (a killed copy) is rebuilt too.
        File.WriteAllBytes(built.CachePath!, bytes[..(bytes.Length / 2)]);
        using (var rebuilt = Datasets.Faces(50, size: 16, seed: 2, cacheDir: dir.Path))
        {
            Assert.False(rebuilt.FromCache);
            Assert.True(TensorAssert.Same(rebuilt.Images, built.Images));
        }
    }
}
