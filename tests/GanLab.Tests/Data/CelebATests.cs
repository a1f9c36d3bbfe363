using GanLab.Data;
using GanLab.Imaging;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Data;

/// <summary>CelebA on a six-image fixture written in the exact layout and format of the download.</summary>
public class CelebATests
{
    public CelebATests() => TorchRuntime.Init(device: "cpu", quiet: true);

    static readonly string[] Names =
    {
        "5_o_Clock_Shadow", "Arched_Eyebrows", "Attractive", "Bags_Under_Eyes", "Bald", "Bangs", "Big_Lips", "Big_Nose",
        "Black_Hair", "Blond_Hair", "Blurry", "Brown_Hair", "Bushy_Eyebrows", "Chubby", "Double_Chin", "Eyeglasses",
        "Goatee", "Gray_Hair", "Heavy_Makeup", "High_Cheekbones", "Male", "Mouth_Slightly_Open", "Mustache", "Narrow_Eyes",
        "No_Beard", "Oval_Face", "Pale_Skin", "Pointy_Nose", "Receding_Hairline", "Rosy_Cheeks", "Sideburns", "Smiling",
        "Straight_Hair", "Wavy_Hair", "Wearing_Earrings", "Wearing_Hat", "Wearing_Lipstick", "Wearing_Necklace", "Wearing_Necktie", "Young",
    };

    // Image k: partition, and the colour of its 108x108 centre (the rest of the 178x218 image is black).
    static readonly int[] Partition = { 0, 0, 0, 1, 2, 0 };
    static readonly float[][] Colours = { new[] { 1f, 0f, 0f }, new[] { 0f, 1f, 0f }, new[] { 0f, 0f, 1f }, new[] { 1f, 1f, 0f }, new[] { 0f, 1f, 1f }, new[] { 1f, 0f, 1f } };

    static string File(int k) => $"{k + 1:D6}.jpg";
    static int Value(int k, int j) => (k * 7 + j * 3) % 5 < 2 ? 1 : -1;   // a fixed -1/1 pattern

    /// <summary>The six 178x218 JPEGs, encoded once per test run.</summary>
    static readonly Lazy<byte[][]> Jpegs = new(() => Colours.Select(colour =>
    {
        using var scope = torch.NewDisposeScope();
        var image = torch.zeros(3, 218, 178);
        image[.., 55..163, 35..143] = torch.tensor(colour).view(3, 1, 1).expand(3, 108, 108);
        return ImageTensor.EncodeJpeg(image, 95);
    }).ToArray());

    /// <summary>Writes the fixture; returns the lines of list_attr_celeba.txt so tests can break one.</summary>
    static List<string> WriteFixture(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "img_align_celeba"));
        for (int k = 0; k < Colours.Length; k++)
            System.IO.File.WriteAllBytes(Path.Combine(root, "img_align_celeba", File(k)), Jpegs.Value[k]);
        // As in the real file: the count, the names (with a trailing space), then values padded to two characters.
        var lines = new List<string> { Colours.Length.ToString(), string.Join(" ", Names) + " " };
        for (int k = 0; k < Colours.Length; k++)
            lines.Add(File(k) + " " + string.Join(" ", Enumerable.Range(0, Names.Length).Select(j => Value(k, j).ToString().PadLeft(2))));
        System.IO.File.WriteAllText(Path.Combine(root, "list_attr_celeba.txt"), string.Join("\r\n", lines) + "\r\n");
        System.IO.File.WriteAllText(Path.Combine(root, "list_eval_partition.txt"),
            string.Concat(Enumerable.Range(0, Colours.Length).Select(k => $"{File(k)} {Partition[k]}\r\n")));
        return lines;
    }

    [Fact]
    public void Loads_a_split_with_0_1_attributes_and_the_108_pixel_centre_crop()
    {
        using var dir = new TempDir();
        WriteFixture(dir["celeba"]);
        using var train = Datasets.CelebA(dir["celeba"], size: 16, split: "train", cacheDir: dir["cache"]);
        Assert.Equal(new long[] { 4, 3, 16, 16 }, train.Images.shape);
        Assert.Equal(Names, train.AttributeNames);
        Assert.Equal(new[] { "000001.jpg", "000002.jpg", "000003.jpg", "000006.jpg" }, train.FileNames);
        int[] ks = { 0, 1, 2, 5 };
        for (int i = 0; i < ks.Length; i++)
        {
            var expected = Enumerable.Range(0, Names.Length).Select(j => Value(ks[i], j) > 0 ? 1f : 0f).ToArray();
            Assert.Equal(expected, train.Attributes![i].data<float>().ToArray());
            // After the 108 crop the whole image is the centre's colour (JPEG leaves a little noise).
            var rgb = train.Images[i].add(1).div(2).mean(new long[] { 1, 2 }).data<float>().ToArray();
            for (int c = 0; c < 3; c++) Assert.Equal(Colours[ks[i]][c], rgb[c], 1);
        }
        using (var valid = Datasets.CelebA(dir["celeba"], size: 16, split: "valid", cache: false)) Assert.Equal(new[] { "000004.jpg" }, valid.FileNames);
        using (var all = Datasets.CelebA(dir["celeba"], size: 16, split: "all", cache: false)) Assert.Equal(6, all.Count);
        using (var again = Datasets.CelebA(dir["celeba"], size: 16, split: "train", cacheDir: dir["cache"]))
        {
            Assert.True(again.FromCache);
            Assert.True(TensorAssert.Same(again.Attributes!, train.Attributes!));
        }
        using (var smiling = train.Where("Smiling")) Assert.Equal(ks.Count(k => Value(k, 31) > 0), smiling.Count);
    }

    [Fact]
    public void Torchvision_layout_works_and_missing_or_corrupt_images_are_skipped_with_their_attributes()
    {
        using var dir = new TempDir();
        WriteFixture(dir["data/celeba"]);
        System.IO.File.Delete(dir["data/celeba/img_align_celeba/000002.jpg"]);
        System.IO.File.WriteAllBytes(dir["data/celeba/img_align_celeba/000003.jpg"], new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3 });
        using var train = Datasets.CelebA(dir["data"], size: 8, split: "train", cache: false);
        Assert.Equal(new[] { "000001.jpg", "000006.jpg" }, train.FileNames);
        Assert.Equal(2, train.Skipped);
        var expected = Enumerable.Range(0, Names.Length).Select(j => Value(5, j) > 0 ? 1f : 0f).ToArray();
        Assert.Equal(expected, train.Attributes![1].data<float>().ToArray());
    }

    [Theory]
    [InlineData(4, "000003.jpg  1 -1", "expected an image name and 40 values")]   // too few fields
    [InlineData(6, null, "expected -1 or 1")]                                      // a 0 among the values
    [InlineData(1, "seven", "expected the number of images")]
    [InlineData(1, "7", "says 7 images but 6 image lines")]
    public void A_malformed_attribute_file_names_the_file_and_line(int line, string? replacement, string message)
    {
        using var dir = new TempDir();
        var lines = WriteFixture(dir["celeba"]);
        lines[line - 1] = replacement ?? lines[line - 1].Replace("-1", " 0");
        string path = dir["celeba/list_attr_celeba.txt"];
        System.IO.File.WriteAllLines(path, lines);
        var e = Assert.Throws<DataFileException>(() => Datasets.CelebA(dir["celeba"], size: 8, cache: false));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"{path}:{line}: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_malformed_partition_line_names_the_file_and_line()
    {
        using var dir = new TempDir();
        WriteFixture(dir["celeba"]);
        string path = dir["celeba/list_eval_partition.txt"];
        var lines = System.IO.File.ReadAllLines(path);
        lines[2] = "000003.jpg train";
        System.IO.File.WriteAllLines(path, lines);
        var e = Assert.Throws<DataFileException>(() => Datasets.CelebA(dir["celeba"], size: 8, cache: false));
        Assert.Equal(3, e.Line);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Missing_celeba_names_the_path_and_the_download_page()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DirectoryNotFoundException>(() => Datasets.CelebA(dir["nothing"], cache: false));
        Assert.Contains(dir["nothing/img_align_celeba"], e.Message);
        Assert.Contains(Datasets.CelebAUrl, e.Message);
        WriteFixture(dir["celeba"]);
        System.IO.File.Delete(dir["celeba/list_attr_celeba.txt"]);
        var f = Assert.Throws<FileNotFoundException>(() => Datasets.CelebA(dir["celeba"], cache: false));
        Assert.Contains(dir["celeba/list_attr_celeba.txt"], f.Message);
        Assert.Contains(Datasets.CelebAUrl, f.Message);
    }
}
