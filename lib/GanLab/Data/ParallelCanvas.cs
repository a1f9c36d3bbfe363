using System.Runtime.InteropServices;
using GanLab.Runtime;
using SkiaSharp;

namespace GanLab.Data;

/// <summary>
/// Draws many small images in parallel with SkiaSharp, one canvas per worker thread, straight into one byte
/// array laid out (N, 3, H, W). Drawing code works in a 64 x 64 coordinate space whatever the output size.
/// Each item depends only on its index, so the result is the same for any number of threads.
/// </summary>
internal static class ParallelCanvas
{
    /// <summary>The side of the coordinate space drawing code uses.</summary>
    public const float Units = 64f;

    public static byte[] Render(int count, int size, Action<SKCanvas, int> draw)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"Count must not be negative, got {count}.");
        if (size < 4) throw new ArgumentOutOfRangeException(nameof(size), $"Image size must be at least 4, got {size}.");
        int plane = size * size;
        var pixels = new byte[(long)count * 3 * plane];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = NotebookInterrupt.Token },
            () => new Worker(size),
            (i, _, worker) =>
            {
                worker.Draw(i, draw, pixels.AsSpan((int)((long)i * 3 * plane), 3 * plane));
                return worker;
            },
            worker => worker.Dispose());
        return pixels;
    }

    sealed class Worker : IDisposable
    {
        readonly SKSurface _surface;
        readonly byte[] _rgba;
        readonly int _size;

        public Worker(int size)
        {
            _size = size;
            _surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul))
                ?? throw new InvalidOperationException($"SkiaSharp could not make a {size}x{size} surface.");
            _rgba = new byte[size * size * 4];
        }

        public void Draw(int index, Action<SKCanvas, int> draw, Span<byte> chw)
        {
            var canvas = _surface.Canvas;
            canvas.RestoreToCount(1);
            canvas.ResetMatrix();
            canvas.Clear(SKColors.Black);
            canvas.Scale(_size / Units);
            draw(canvas, index);
            canvas.Flush();
            using var pixmap = _surface.PeekPixels();
            int row = _size * 4;
            for (int y = 0; y < _size; y++)
                Marshal.Copy(pixmap.GetPixels() + y * pixmap.RowBytes, _rgba, y * row, row);
            int plane = _size * _size;
            for (int p = 0; p < plane; p++)
            {
                chw[p] = _rgba[4 * p];
                chw[plane + p] = _rgba[4 * p + 1];
                chw[2 * plane + p] = _rgba[4 * p + 2];
            }
        }

        public void Dispose() => _surface.Dispose();
    }
}
