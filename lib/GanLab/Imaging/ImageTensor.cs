using System.Runtime.InteropServices;
using SkiaSharp;
using static TorchSharp.torch;

namespace GanLab.Imaging;

/// <summary>
/// Converts between image tensors and SkiaSharp bitmaps, PNG/JPEG bytes and files.
/// A tensor image is (C, H, W) (or (1, C, H, W), or (H, W) for gray) with C = 1 (gray) or 3 (RGB),
/// float values in <c>range</c>: (0, 1) as torchvision's save_image, or (-1, 1) as a tanh generator makes.
/// Bytes are <c>floor(x * 255 + 0.5)</c> after mapping to [0, 1] and clamping, as torchvision does.
/// </summary>
public static class ImageTensor
{
    /// <summary>Values in [0, 1].</summary>
    public static readonly (float Min, float Max) ZeroOne = (0f, 1f);
    /// <summary>Values in [-1, 1], a tanh generator's output.</summary>
    public static readonly (float Min, float Max) MinusOneOne = (-1f, 1f);

    /// <summary>An image tensor → a bitmap (Gray8 for one channel, Rgba8888 opaque for three).</summary>
    public static SKBitmap ToBitmap(Tensor image, (float Min, float Max)? range = null)
    {
        using var scope = NewDisposeScope();
        var hwc = ToBytes(image, range ?? ZeroOne); // (H, W, C) uint8 on the CPU
        int h = (int)hwc.shape[0], w = (int)hwc.shape[1], c = (int)hwc.shape[2];
        if (c == 3)
            hwc = cat(new[] { hwc, full(h, w, 1, (byte)255, dtype: ScalarType.Byte) }, 2);
        var bitmap = new SKBitmap(new SKImageInfo(w, h, c == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
        var bytes = hwc.contiguous().data<byte>().ToArray();
        if (bitmap.RowBytes == w * (c == 1 ? 1 : 4))
            Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        else
            for (int y = 0, row = w * (c == 1 ? 1 : 4); y < h; y++)
                Marshal.Copy(bytes, y * row, bitmap.GetPixels() + y * bitmap.RowBytes, row);
        return bitmap;
    }

    /// <summary>A bitmap → a float tensor (channels, H, W) in <paramref name="range"/>. Gray uses ITU-R 601 luma, as PIL does.</summary>
    public static Tensor FromBitmap(SKBitmap bitmap, int channels = 3, (float Min, float Max)? range = null)
    {
        if (channels is not (1 or 3)) throw new ArgumentException($"channels must be 1 or 3, got {channels}.", nameof(channels));
        var (min, max) = range ?? ZeroOne;
        using var rgba = bitmap.ColorType == SKColorType.Rgba8888 && bitmap.AlphaType != SKAlphaType.Premul ? null : Convert(bitmap);
        var source = rgba ?? bitmap;
        int w = source.Width, h = source.Height;
        var pixels = new byte[w * h * 4];
        for (int y = 0; y < h; y++)
            Marshal.Copy(source.GetPixels() + y * source.RowBytes, pixels, y * w * 4, w * 4);
        using var scope = NewDisposeScope();
        var hwc = tensor(pixels, new long[] { h, w, 4 }, ScalarType.Byte)[.., .., ..3].to(ScalarType.Float32);
        Tensor image = channels == 3
            ? hwc.permute(2, 0, 1).div(255f)
            : hwc.matmul(tensor(new[] { 0.299f, 0.587f, 0.114f })).round().div(255f).unsqueeze(0);
        return image.mul(max - min).add(min).contiguous().MoveToOuterDisposeScope();
    }

    static SKBitmap Convert(SKBitmap bitmap)
    {
        var info = new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var converted = new SKBitmap(info);
        using var pixmap = bitmap.PeekPixels();
        if (!pixmap.ReadPixels(info, converted.GetPixels(), converted.RowBytes))
            throw new InvalidDataException($"Cannot convert a {bitmap.ColorType} image to RGBA.");
        return converted;
    }

    /// <summary>Encodes an image tensor as PNG (lossless: a round trip gives the same bytes back).</summary>
    public static byte[] EncodePng(Tensor image, (float Min, float Max)? range = null) => Encode(image, SKEncodedImageFormat.Png, 100, range);

    /// <summary>Encodes an image tensor as JPEG with the given quality (1-100).</summary>
    public static byte[] EncodeJpeg(Tensor image, int quality = 90, (float Min, float Max)? range = null) => Encode(image, SKEncodedImageFormat.Jpeg, quality, range);

    static byte[] Encode(Tensor image, SKEncodedImageFormat format, int quality, (float Min, float Max)? range)
    {
        using var bitmap = ToBitmap(image, range);
        using var data = bitmap.Encode(format, quality)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {bitmap.Width}x{bitmap.Height} image as {format}.");
        return data.ToArray();
    }

    /// <summary>Decodes PNG, JPEG (or any format SkiaSharp reads) into a tensor (channels, H, W).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a readable image, or the image is truncated.</exception>
    public static Tensor Decode(byte[] bytes, int channels = 3, (float Min, float Max)? range = null, string? name = null)
    {
        using var bitmap = DecodeBitmap(bytes, name);
        return FromBitmap(bitmap, channels, range);
    }

    /// <summary>Decodes image bytes into an RGBA bitmap; a truncated or unrecognised image is an <see cref="InvalidDataException"/> naming <paramref name="name"/>.</summary>
    public static SKBitmap DecodeBitmap(byte[] bytes, string? name = null)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"{name ?? "The data"} is not a readable image ({bytes.Length} bytes; PNG, JPEG, BMP, GIF and WebP are supported).");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new InvalidDataException($"{name ?? "The image"} could not be decoded ({result}{(result == SKCodecResult.IncompleteInput ? ": the file is truncated" : "")}).");
        }
        return bitmap;
    }

    /// <summary>Saves an image tensor; the extension (.png, .jpg, .jpeg) picks the format. Written atomically.</summary>
    public static void Save(Tensor image, string path, (float Min, float Max)? range = null)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        byte[] bytes = ext switch
        {
            ".png" => EncodePng(image, range),
            ".jpg" or ".jpeg" => EncodeJpeg(image, 95, range),
            _ => throw new ArgumentException($"Cannot save '{path}': use a .png or .jpg file name.", nameof(path)),
        };
        Runtime.AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Loads an image file into a tensor (channels, H, W).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public static Tensor Load(string path, int channels = 3, (float Min, float Max)? range = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Image file not found: {Path.GetFullPath(path)}", path);
        return Decode(File.ReadAllBytes(path), channels, range, path);
    }

    /// <summary>(C,H,W), (1,C,H,W) or (H,W) floats in range → (H, W, C) uint8 on the CPU.</summary>
    internal static Tensor ToBytes(Tensor image, (float Min, float Max) range)
    {
        var x = image.dim() switch
        {
            2 => image.unsqueeze(0),
            3 => image,
            4 when image.shape[0] == 1 => image[0],
            _ => throw new ArgumentException($"Expected one image (C,H,W), (1,C,H,W) or (H,W); got shape [{string.Join(", ", image.shape)}]. Use ImageGrid.Make for a batch.", nameof(image)),
        };
        if (x.shape[0] is not (1 or 3))
            throw new ArgumentException($"Expected 1 (gray) or 3 (RGB) channels; got {x.shape[0]} (shape [{string.Join(", ", image.shape)}]).", nameof(image));
        if (range.Max <= range.Min) throw new ArgumentException($"Range ({range.Min}, {range.Max}) is empty.", nameof(range));
        return x.detach().to(CPU).to(ScalarType.Float32)
            .sub(range.Min).div(range.Max - range.Min)
            .mul(255f).add(0.5f).clamp(0f, 255f).floor().to(ScalarType.Byte)
            .permute(1, 2, 0).contiguous();
    }
}
