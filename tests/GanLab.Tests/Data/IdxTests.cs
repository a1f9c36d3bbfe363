using System.Buffers.Binary;
using System.IO.Compression;
using GanLab.Data;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Data;

public class IdxTests
{
    public IdxTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    /// <summary>An IDX file in the exact on-disk format: 0, 0, 0x08 (unsigned byte), the rank, big-endian sizes, data.</summary>
    static byte[] Idx(int[] shape, byte[] data)
    {
        var header = new byte[4 + 4 * shape.Length];
        header[2] = 0x08;
        header[3] = (byte)shape.Length;
        for (int d = 0; d < shape.Length; d++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), shape[d]);
        return header.Concat(data).ToArray();
    }

    static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Optimal)) gz.Write(bytes);
        return output.ToArray();
    }

    static readonly byte[] Pixels = Enumerable.Range(0, 5 * 4 * 3).Select(i => (byte)(i * 4)).ToArray();
    static readonly byte[] LabelBytes = { 3, 1, 4, 1, 5 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_and_labels_plain_or_gzipped(bool gzip)
    {
        using var dir = new TempDir();
        byte[] images = Idx(new[] { 5, 4, 3 }, Pixels), labels = Idx(new[] { 5 }, LabelBytes);
        File.WriteAllBytes(dir["images"], gzip ? Gzip(images) : images);
        File.WriteAllBytes(dir["labels"], gzip ? Gzip(labels) : labels);
        using var data = Datasets.Idx(dir["images"], dir["labels"]);
        Assert.Equal(new long[] { 5, 1, 4, 3 }, data.Images.shape);
        var expected = Pixels.Select(b => b / 255f * 2f - 1f).ToArray();
        var actual = data.Images.view(-1).data<float>().ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
        Assert.Equal(new long[] { 3, 1, 4, 1, 5 }, data.Labels!.data<long>().ToArray());
        using var resized = Datasets.Idx(dir["images"], dir["labels"], size: 8);
        Assert.Equal(new long[] { 5, 1, 8, 8 }, resized.Images.shape);
        Assert.Equal(5, resized.Labels!.shape[0]);
    }

    [Fact]
    public void A_wrong_magic_number_names_the_file()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir["labels"], Idx(new[] { 5 }, LabelBytes));
        var e = Assert.Throws<DataFileException>(() => Datasets.Idx(dir["labels"]));   // a labels file given as images
        Assert.Equal(dir["labels"], e.FilePath);
        Assert.Contains("magic number 0x00000801", e.Message);
        Assert.Contains("expected 0x00000803", e.Message);
        File.WriteAllBytes(dir["png"], new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0 });
        Assert.Contains("magic", Assert.Throws<DataFileException>(() => Datasets.Idx(dir["png"])).Message);
    }

    [Fact]
    public void Truncated_files_name_the_file_and_what_is_missing()
    {
        using var dir = new TempDir();
        var images = Idx(new[] { 5, 4, 3 }, Pixels);
        File.WriteAllBytes(dir["cut"], images[..^7]);
        var e = Assert.Throws<DataFileException>(() => Datasets.Idx(dir["cut"]));
        Assert.Contains(dir["cut"], e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("60 bytes of data, the file holds 53", e.Message);
        File.WriteAllBytes(dir["header"], images[..9]);
        Assert.Contains("truncated", Assert.Throws<DataFileException>(() => Datasets.Idx(dir["header"])).Message);
        var gz = Gzip(images);
        File.WriteAllBytes(dir["cut.gz"], gz[..(gz.Length / 2)]);
        var z = Assert.Throws<DataFileException>(() => Datasets.Idx(dir["cut.gz"]));
        Assert.Contains(dir["cut.gz"], z.Message);
    }

    [Fact]
    public void Labels_that_do_not_match_the_images_are_an_error()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir["images"], Idx(new[] { 5, 4, 3 }, Pixels));
        File.WriteAllBytes(dir["labels"], Idx(new[] { 4 }, LabelBytes[..4]));
        var e = Assert.Throws<DataFileException>(() => Datasets.Idx(dir["images"], dir["labels"]));
        Assert.Contains("holds 4 labels", e.Message);
        Assert.Throws<FileNotFoundException>(() => Datasets.Idx(dir["nope"]));
    }

    [Fact]
    public void Fashion_mnist_from_the_system_package_has_60000_training_images_6000_per_class()
    {
        string file = Path.Combine(Datasets.FashionMnistSystemDirectory, "train-images-idx3-ubyte.gz");
        Assert.True(File.Exists(file), $"{file} is missing: run `bash .ci/install-deps` (it installs the Debian package dataset-fashion-mnist).");
        using var train = Datasets.FashionMnist();
        Assert.Equal(new long[] { 60_000, 1, 28, 28 }, train.Images.shape);
        Assert.Equal(10, train.ClassNames!.Count);
        var perClass = train.Labels!.bincount(null, 10).data<long>().ToArray();
        Assert.Equal(Enumerable.Repeat(6000L, 10), perClass);
        Assert.Equal(-1f, train.Images.min().item<float>());
        Assert.Equal(1f, train.Images.max().item<float>());
        using var test = Datasets.FashionMnist(train: false, size: 32);
        Assert.Equal(new long[] { 10_000, 1, 32, 32 }, test.Images.shape);
        Assert.Equal("Fashion-MNIST test", test.Source);
    }

    [Fact]
    public void Missing_fashion_mnist_says_how_to_install_it()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<FileNotFoundException>(() => Datasets.FashionMnist(dir.Path));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("bash .ci/install-deps", e.Message);
        Assert.Contains(Datasets.FashionMnistUrl, e.Message);
    }
}
