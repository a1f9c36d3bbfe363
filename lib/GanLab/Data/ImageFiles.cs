using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using GanLab.Imaging;
using SkiaSharp;

namespace GanLab.Data;

/// <summary>
/// Finds image files and decodes them in parallel into (N, C, size, size) bytes, the way the DCGAN tutorials
/// prepare them: an optional centre crop of <c>centerCrop</c> pixels (CelebA's 108), else the centred square of the
/// shorter side (torchvision's Resize(size) followed by CenterCrop(size)), resized to <c>size</c> with mipmapped
/// bilinear filtering. A file that cannot be read is skipped and reported, never fatal.
/// </summary>
internal static class ImageFiles
{
    static readonly string[] Extensions = { ".jpg", ".jpeg", ".png" };

    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Every .jpg/.jpeg/.png under <paramref name="root"/> (recursive), as paths relative to it, sorted ordinally.</summary>
    public static string[] Find(string root) => Directory
        .EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
        .Where(IsImage)
        .Select(p => Path.GetRelativePath(root, p))
        .OrderBy(p => p, StringComparer.Ordinal)
        .ToArray();

    /// <summary>A fingerprint of the files' names, sizes and modification times: it changes when any file does.</summary>
    public static string Fingerprint(string root, IEnumerable<string> relativePaths, params string[] extraFiles)
    {
        var text = new System.Text.StringBuilder();
        foreach (var rel in relativePaths.Concat(extraFiles))
        {
            var info = new FileInfo(Path.IsPathRooted(rel) ? rel : Path.Combine(root, rel));
            text.Append(rel).Append('|');
            if (info.Exists) text.Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks);
            else text.Append("missing");
            text.Append('\n');
        }
        return DataCache.Hash(text.ToString());
    }

    /// <summary>Decodes the files; returns the pixels of those that worked (in order), which ones they were, and the skipped ones.</summary>
    public static (byte[] Pixels, int[] Kept, string[] Skipped) Decode(string root, IReadOnlyList<string> relativePaths, int size, int? centerCrop, int channels)
    {
        int n = relativePaths.Count, imageBytes = channels * size * size;
        var pixels = new byte[(long)n * imageBytes];
        var ok = new bool[n];
        var skipped = new ConcurrentBag<(int Index, string Reason)>();
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new Resizer(size),
            (i, _, resizer) =>
            {
                string path = Path.Combine(root, relativePaths[i]);
                try
                {
                    byte[] bytes = File.ReadAllBytes(path);
                    if (bytes.Length == 0) throw new InvalidDataException("the file is empty");
                    using var bitmap = DecodeForSize(bytes, relativePaths[i], size, centerCrop, out int? scaledCrop);
                    resizer.Resize(bitmap, scaledCrop, channels, pixels.AsSpan((int)((long)i * imageBytes), imageBytes));
                    ok[i] = true;
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    skipped.Add((i, $"{relativePaths[i]}: {e.Message}"));
                }
                return resizer;
            },
            resizer => resizer.Dispose());
        var kept = Enumerable.Range(0, n).Where(i => ok[i]).ToArray();
        if (kept.Length < n)
        {
            var compact = new byte[(long)kept.Length * imageBytes];
            for (int k = 0; k < kept.Length; k++)
                Array.Copy(pixels, (long)kept[k] * imageBytes, compact, (long)k * imageBytes, imageBytes);
            pixels = compact;
        }
        return (pixels, kept, skipped.OrderBy(s => s.Index).Select(s => s.Reason).ToArray());
    }

    /// <summary>
    /// Decodes an image; a large JPEG is decoded at 1/2, 1/4 or 1/8 scale (libjpeg's own fast downscaling) when the
    /// crop still has at least twice <paramref name="size"/> pixels, so a 1024-pixel photo for a 64-pixel set costs
    /// a fraction of a full decode. <paramref name="scaledCrop"/> is the centre crop in the decoded image's pixels.
    /// </summary>
    static SKBitmap DecodeForSize(byte[] bytes, string name, int size, int? centerCrop, out int? scaledCrop)
    {
        scaledCrop = centerCrop;
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != SKEncodedImageFormat.Jpeg) return ImageTensor.DecodeBitmap(bytes, name);
        int w = codec.Info.Width, h = codec.Info.Height, side = Math.Min(Math.Min(w, h), centerCrop ?? int.MaxValue);
        var scaled = codec.GetScaledDimensions(2f * size / side);
        if (scaled.Width >= w || scaled.Width <= 0 || (long)side * scaled.Width / w < 2 * size) return ImageTensor.DecodeBitmap(bytes, name);
        var info = new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new InvalidDataException($"{name} could not be decoded ({result}{(result == SKCodecResult.IncompleteInput ? ": the file is truncated" : "")}).");
        }
        if (centerCrop is { } crop) scaledCrop = (int)Math.Round((double)crop * scaled.Width / w);
        return bitmap;
    }

    /// <summary>One worker's surface: crops, resizes and writes (C, size, size) bytes.</summary>
    sealed class Resizer : IDisposable
    {
        readonly int _size;
        readonly SKSurface _surface;
        readonly byte[] _rgba;
        static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

        public Resizer(int size)
        {
            _size = size;
            _surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul))
                ?? throw new InvalidOperationException($"SkiaSharp could not make a {size}x{size} surface.");
            _rgba = new byte[size * size * 4];
        }

        public void Resize(SKBitmap bitmap, int? centerCrop, int channels, Span<byte> chw)
        {
            int w = bitmap.Width, h = bitmap.Height;
            int side = Math.Min(w, h);
            if (centerCrop is { } crop) side = Math.Min(side, crop);
            // torchvision's CenterCrop offsets: int(round((w - side) / 2)), Python rounding (half to even).
            int left = (int)Math.Round((w - side) / 2.0, MidpointRounding.ToEven), top = (int)Math.Round((h - side) / 2.0, MidpointRounding.ToEven);
            using var whole = SKImage.FromBitmap(bitmap);
            using var square = whole.Subset(SKRectI.Create(left, top, side, side))
                ?? throw new InvalidDataException($"cannot crop {side}x{side} at ({left}, {top}) from a {w}x{h} image");
            var canvas = _surface.Canvas;
            canvas.Clear(SKColors.Black);
            canvas.DrawImage(square, SKRect.Create(0, 0, _size, _size), Sampling);
            canvas.Flush();
            using var pixmap = _surface.PeekPixels();
            int row = _size * 4, plane = _size * _size;
            for (int y = 0; y < _size; y++)
                Marshal.Copy(pixmap.GetPixels() + y * pixmap.RowBytes, _rgba, y * row, row);
            if (channels == 3)
                for (int p = 0; p < plane; p++)
                {
                    chw[p] = _rgba[4 * p];
                    chw[plane + p] = _rgba[4 * p + 1];
                    chw[2 * plane + p] = _rgba[4 * p + 2];
                }
            else
                for (int p = 0; p < plane; p++)   // ITU-R 601 luma, as PIL's convert("L") and ImageTensor do
                    chw[p] = (byte)Math.Round(0.299 * _rgba[4 * p] + 0.587 * _rgba[4 * p + 1] + 0.114 * _rgba[4 * p + 2]);
        }

        public void Dispose() => _surface.Dispose();
    }
}
