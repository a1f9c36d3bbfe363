using GanLab.Data;
using GanLab.Imaging;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Data;

public class ImageFolderTests
{
    public ImageFolderTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    /// <summary>A (3, h, w) image in [0, 1] filled with one colour.</summary>
    static Tensor Solid(int h, int w, float r, float g, float b)
        => torch.tensor(new[] { r, g, b }).view(3, 1, 1).expand(3, h, w).contiguous();

    /// <summary>A 40 x 20 image: red left quarter, green centre square, blue right quarter.</summary>
    static Tensor Bands()
    {
        var image = Solid(20, 40, 0, 1, 0);
        image[.., .., ..10] = Solid(20, 10, 1, 0, 0);
        image[.., .., 30..] = Solid(20, 10, 0, 0, 1);
        return image;
    }

    static void Write(string path, Tensor image)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, path.EndsWith(".png") ? ImageTensor.EncodePng(image) : ImageTensor.EncodeJpeg(image, 95));
    }

    [Fact]
    public void Reads_jpg_and_png_recursively_with_sub_folders_as_labels_and_keeps_the_centre_square()
    {
        using var dir = new TempDir();
        Write(dir["root/cats/a.png"], Bands());
        Write(dir["root/cats/deeper/b.jpg"], Bands());
        Write(dir["root/dogs/c.PNG"], Solid(30, 30, 0, 0, 1));
        File.WriteAllText(dir["root/dogs/notes.txt"], "not an image");
        using var data = Datasets.ImageFolder(dir["root"], size: 8, cacheDir: dir["cache"]);
        Assert.Equal(new long[] { 3, 3, 8, 8 }, data.Images.shape);
        Assert.Equal(new[] { "cats", "dogs" }, data.ClassNames);
        Assert.Equal(new long[] { 0, 0, 1 }, data.Labels!.data<long>().ToArray());
        Assert.Equal(new[] { Path.Combine("cats", "a.png"), Path.Combine("cats", "deeper", "b.jpg"), Path.Combine("dogs", "c.PNG") }, data.FileNames);
        Assert.Equal(0, data.Skipped);
        // Resize(8) + CenterCrop(8) of the 40x20 bands image keeps only the green centre.
        var png = data.Images[0].add(1).div(2);
        Assert.True(png[1].min().item<float>() > 0.95f, "green everywhere");
        Assert.True(png[0].max().item<float>() < 0.05f && png[2].max().item<float>() < 0.05f, "no red or blue band");
        var jpg = data.Images[1].add(1).div(2);
        Assert.True(jpg[1].mean().item<float>() > 0.9f && jpg[0].mean().item<float>() < 0.1f);
        Assert.Equal(-1f, data.Images[2][0].max().item<float>());   // the blue image has no red
    }

    [Fact]
    public void One_image_file_is_prepared_as_the_folder_prepares_it()
    {
        using var dir = new TempDir();
        Write(dir["root/me.png"], Bands());
        using var folder = Datasets.ImageFolder(dir["root"], size: 8, cacheDir: dir["cache"]);
        var single = Datasets.ImageFile(dir["root/me.png"], size: 8);
        Assert.Equal(new long[] { 1, 3, 8, 8 }, single.shape);
        Assert.True(single[0].eq(folder.Images[0]).all().item<bool>(), "the same centre square, resized the same way");
        Assert.Throws<FileNotFoundException>(() => Datasets.ImageFile(dir["root/nobody.jpg"], size: 8));
        File.WriteAllText(dir["root/broken.png"], "not an image");
        Assert.Throws<DataFileException>(() => Datasets.ImageFile(dir["root/broken.png"], size: 8));
    }

    [Fact]
    public void Centre_crop_cuts_before_resizing_as_for_celeba()
    {
        using var dir = new TempDir();
        var image = Solid(60, 50, 1, 0, 0);
        image[.., 20..40, 15..35] = Solid(20, 20, 0, 0, 1);   // a 20x20 blue centre in a 50x60 red image
        Write(dir["root/x.png"], image);
        using var cropped = Datasets.ImageFolder(dir["root"], size: 10, centerCrop: 20, cache: false);
        Assert.True(cropped.Images[0][2].min().item<float>() > 0.95f, "only the blue centre remains");
        Assert.Null(cropped.Labels);   // images at the root: no classes
        using var whole = Datasets.ImageFolder(dir["root"], size: 10, cache: false);
        Assert.True(whole.Images[0][0].max().item<float>() > 0.95f, "without the crop the red border shows");
        // Gray: ITU-R 601 luma, as PIL: pure red is round(0.299 * 255) = 76.
        using var gray = Datasets.ImageFolder(dir["root"], size: 10, channels: 1, cache: false);
        Assert.Equal(new long[] { 1, 1, 10, 10 }, gray.Images.shape);
        Assert.Equal(76f / 255f * 2f - 1f, gray.Images[0, 0, 0, 0].item<float>(), 5);
    }

    [Fact]
    public void Large_jpegs_decoded_at_a_reduced_scale_give_the_same_crop()
    {
        // 800x600: red sides, a green centre square; and 800x800 with a blue 400-pixel centre for the crop.
        using var dir = new TempDir();
        var wide = Solid(600, 800, 1, 0, 0);
        wide[.., .., 100..700] = Solid(600, 600, 0, 1, 0);
        Write(dir["big/wide.jpg"], wide);
        var square = Solid(800, 800, 1, 0, 0);
        square[.., 200..600, 200..600] = Solid(400, 400, 0, 0, 1);
        Write(dir["crop/square.jpg"], square);
        using var a = Datasets.ImageFolder(dir["big"], size: 16, cache: false);
        Assert.True(a.Images[0][1].min().item<float>() > 0.85f && a.Images[0][0].max().item<float>() < -0.85f, "only the green square");
        using var b = Datasets.ImageFolder(dir["crop"], size: 16, centerCrop: 400, cache: false);
        Assert.True(b.Images[0][2].min().item<float>() > 0.85f && b.Images[0][0].max().item<float>() < -0.85f, "only the blue centre");
        using var c = Datasets.ImageFolder(dir["crop"], size: 16, centerCrop: 440, cache: false);
        Assert.True(c.Images[0][0].max().item<float>() > 0.5f, "a wider crop shows the red border");
    }

    [Fact]
    public void Corrupt_and_truncated_images_are_skipped_and_counted()
    {
        using var dir = new TempDir();
        Write(dir["root/good1.png"], Bands());
        Write(dir["root/good2.jpg"], Bands());
        File.WriteAllBytes(dir["root/garbage.jpg"], Enumerable.Range(0, 500).Select(i => (byte)(i * 37)).ToArray());
        var png = ImageTensor.EncodePng(Solid(64, 64, 0.2f, 0.5f, 0.9f).add(torch.rand(3, 64, 64).mul(0.1f)));
        File.WriteAllBytes(dir["root/truncated.png"], png[..(png.Length / 2)]);
        File.WriteAllBytes(dir["root/empty.png"], Array.Empty<byte>());
        using var data = Datasets.ImageFolder(dir["root"], size: 8, cacheDir: dir["cache"]);
        Assert.Equal(2, data.Count);
        Assert.Equal(3, data.Skipped);
        Assert.Equal(new[] { "good1.png", "good2.jpg" }, data.FileNames);
        Assert.Contains(data.SkippedFiles, s => s.StartsWith("garbage.jpg: "));
        Assert.Contains(data.SkippedFiles, s => s.StartsWith("truncated.png: ") && s.Contains("truncated"));
        Assert.Contains(data.SkippedFiles, s => s.StartsWith("empty.png: "));
        // The cache remembers what was skipped.
        using var again = Datasets.ImageFolder(dir["root"], size: 8, cacheDir: dir["cache"]);
        Assert.True(again.FromCache);
        Assert.Equal(3, again.Skipped);
    }

    [Fact]
    public void A_missing_folder_names_the_path_and_where_to_get_data_and_an_empty_one_is_an_error()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<DirectoryNotFoundException>(() => Datasets.ImageFolder(dir["nowhere"], cache: false));
        Assert.Contains(dir["nowhere"], missing.Message);
        Assert.Contains(Datasets.CelebAUrl, missing.Message);
        Directory.CreateDirectory(dir["empty/sub"]);
        File.WriteAllText(dir["empty/sub/readme.txt"], "no images here");
        var empty = Assert.Throws<DataFileException>(() => Datasets.ImageFolder(dir["empty"], cache: false));
        Assert.Equal(dir["empty"], empty.FilePath);
        Assert.Contains(dir["empty"], empty.Message);
        Assert.Contains("no .jpg", empty.Message);
    }

    [Fact]
    public void The_cache_is_reused_and_rebuilt_when_a_file_or_the_options_change()
    {
        using var dir = new TempDir();
        Write(dir["root/a.png"], Solid(16, 16, 1, 0, 0));
        Write(dir["root/b.png"], Solid(16, 16, 0, 1, 0));
        using (var first = Datasets.ImageFolder(dir["root"], size: 8, cacheDir: dir["cache"])) Assert.False(first.FromCache);
        using (var second = Datasets.ImageFolder(dir["root"], size: 8, cacheDir: dir["cache"])) Assert.True(second.FromCache);
        using (var otherSize = Datasets.ImageFolder(dir["root"], size: 16, cacheDir: dir["cache"])) Assert.False(otherSize.FromCache);

        // Rewrite a.png in blue (new size and time): the cache is stale and the new pixels are read.
        Write(dir["root/a.png"], Solid(12, 12, 0, 0, 1));
        File.SetLastWriteTimeUtc(dir["root/a.png"], DateTime.UtcNow.AddMinutes(1));
        using (var changed = Datasets.ImageFolder(dir["root"], size: 8, cacheDir: dir["cache"]))
        {
            Assert.False(changed.FromCache);
            Assert.Equal(1f, changed.Images[0][2].min().item<float>());
        }
        // A new file is noticed too.
        Write(dir["root/c.png"], Solid(16, 16, 1, 1, 1));
        using (var added = Datasets.ImageFolder(dir["root"], size: 8, cacheDir: dir["cache"]))
        {
            Assert.False(added.FromCache);
            Assert.Equal(3, added.Count);
        }
        Assert.Empty(Directory.GetFiles(dir["cache"], "*.tmp"));
    }
}
