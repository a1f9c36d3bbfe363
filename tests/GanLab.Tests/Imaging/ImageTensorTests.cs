using GanLab.Imaging;
using GanLab.Runtime;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Imaging;

public class ImageTensorTests
{
    public ImageTensorTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    /// <summary>Every byte value 0..255 appears: an RGB image whose pixels are k/255.</summary>
    static Tensor AllLevels(int channels) =>
        torch.arange(0, channels * 16 * 16, dtype: ScalarType.Int64).remainder(256).to(ScalarType.Float32).div(255f).view(channels, 16, 16);

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void Png_round_trip_is_exact_in_zero_one(int channels)
    {
        var image = AllLevels(channels);
        var back = ImageTensor.Decode(ImageTensor.EncodePng(image), channels);
        Assert.Equal(new long[] { channels, 16, 16 }, back.shape);
        Assert.Equal(image.data<float>().ToArray(), back.data<float>().ToArray());
    }

    [Fact]
    public void Png_round_trip_is_exact_in_minus_one_one()
    {
        var image = AllLevels(3).mul(2).sub(1);
        var back = ImageTensor.Decode(ImageTensor.EncodePng(image, ImageTensor.MinusOneOne), 3, ImageTensor.MinusOneOne);
        Assert.True(back.sub(image).abs().max().item<float>() < 1e-6f);
    }

    [Fact]
    public void Bitmap_pixels_are_the_rounded_bytes_in_rgb_order()
    {
        // One pixel: R = 1.0, G = 0.5 (→ 128, as floor(127.5 + 0.5)), B = 0.
        var image = tensor(new[] { 1f, 0.5f, 0f }).view(3, 1, 1);
        using var bitmap = ImageTensor.ToBitmap(image);
        Assert.Equal(new SKColor(255, 128, 0, 255), bitmap.GetPixel(0, 0));
        // Out-of-range values are clamped, not wrapped.
        using var clamped = ImageTensor.ToBitmap(tensor(new[] { 2f, -1f, 0.2f }).view(3, 1, 1));
        Assert.Equal(new SKColor(255, 0, 51, 255), clamped.GetPixel(0, 0));
    }

    [Fact]
    public void Gray_from_colour_uses_601_luma()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(1, 1, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.SetPixel(0, 0, new SKColor(200, 100, 50));
        var gray = ImageTensor.FromBitmap(bitmap, channels: 1);
        // round(0.299*200 + 0.587*100 + 0.114*50) = round(124.2) = 124
        Assert.Equal(124f / 255f, gray.item<float>(), 6);
    }

    [Fact]
    public void Jpeg_round_trip_is_close()
    {
        var image = torch.linspace(0, 1, 32).view(1, 1, 32).expand(3, 32, 32).contiguous();
        var back = ImageTensor.Decode(ImageTensor.EncodeJpeg(image, 95), 3);
        Assert.True(back.sub(image).abs().mean().item<float>() < 0.02f);
    }

    [Fact]
    public void Files_save_and_load_by_extension()
    {
        string dir = Directory.CreateTempSubdirectory("ganlab-img-").FullName;
        try
        {
            var image = AllLevels(3);
            ImageTensor.Save(image, Path.Combine(dir, "a.png"));
            ImageTensor.Save(image, Path.Combine(dir, "a.jpg"));
            Assert.Equal(image.data<float>().ToArray(), ImageTensor.Load(Path.Combine(dir, "a.png")).data<float>().ToArray());
            Assert.Equal(new long[] { 3, 16, 16 }, ImageTensor.Load(Path.Combine(dir, "a.jpg")).shape);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
            Assert.Throws<ArgumentException>(() => ImageTensor.Save(image, Path.Combine(dir, "a.gif")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Bad_input_names_the_problem()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => ImageTensor.Load("/no/such/face.png"));
        Assert.Contains("/no/such/face.png", missing.Message);
        var corrupt = Assert.Throws<InvalidDataException>(() => ImageTensor.Decode(new byte[] { 1, 2, 3 }, name: "broken.jpg"));
        Assert.Contains("broken.jpg", corrupt.Message);
        var batch = Assert.Throws<ArgumentException>(() => ImageTensor.EncodePng(torch.zeros(2, 3, 4, 4)));
        Assert.Contains("ImageGrid.Make", batch.Message);
        var fourChannels = Assert.Throws<ArgumentException>(() => ImageTensor.EncodePng(torch.zeros(4, 4, 4)));
        Assert.Contains("got 4", fourChannels.Message);
    }
}
