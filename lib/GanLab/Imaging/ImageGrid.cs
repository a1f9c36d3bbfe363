using static TorchSharp.torch;

namespace GanLab.Imaging;

/// <summary>
/// Tiles a batch of images into one image, as torchvision's <c>make_grid</c> and <c>save_image</c> do:
/// <c>nrow</c> images per row, <c>padding</c> pixels between and around them filled with <c>padValue</c>.
/// </summary>
public static class ImageGrid
{
    /// <summary>
    /// (N, C, H, W) → one (C, H', W') image. With <paramref name="normalize"/>, values are shifted to [0, 1]
    /// using <paramref name="valueRange"/> (clamped), or the batch's min and max (each image's own with <paramref name="scaleEach"/>).
    /// </summary>
    public static Tensor Make(Tensor images, int nrow = 8, int padding = 2, bool normalize = false,
        (float Min, float Max)? valueRange = null, bool scaleEach = false, float padValue = 0f)
    {
        if (images.dim() == 3) images = images.unsqueeze(0);
        if (images.dim() != 4)
            throw new ArgumentException($"Expected a batch (N, C, H, W); got shape [{string.Join(", ", images.shape)}].", nameof(images));
        if (nrow < 1) throw new ArgumentException($"nrow must be at least 1, got {nrow}.", nameof(nrow));
        using var scope = NewDisposeScope();
        var x = images.detach().to(ScalarType.Float32).clone();
        if (normalize) x = Normalize(x, valueRange, scaleEach);
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        long columns = Math.Min(nrow, n), rows = (n + columns - 1) / columns;
        long cellH = h + padding, cellW = w + padding;
        var grid = full(new long[] { c, rows * cellH + padding, columns * cellW + padding }, padValue, dtype: ScalarType.Float32, device: x.device);
        for (long k = 0; k < n; k++)
        {
            long y = k / columns * cellH + padding, xOff = k % columns * cellW + padding;
            grid[.., TensorIndex.Slice(y, y + h), TensorIndex.Slice(xOff, xOff + w)] = x[k];
        }
        return grid.MoveToOuterDisposeScope();
    }

    /// <summary>Makes a grid and saves it as PNG or JPEG (values after normalisation in [0, 1]).</summary>
    public static void Save(Tensor images, string path, int nrow = 8, int padding = 2, bool normalize = false,
        (float Min, float Max)? valueRange = null, bool scaleEach = false, float padValue = 0f)
    {
        using var grid = Make(images, nrow, padding, normalize, valueRange, scaleEach, padValue);
        ImageTensor.Save(grid, path);
    }

    static Tensor Normalize(Tensor x, (float Min, float Max)? valueRange, bool scaleEach)
    {
        Tensor Scale(Tensor t, float lo, float hi) => t.clamp(lo, hi).sub(lo).div(Math.Max(hi - lo, 1e-5f));
        if (valueRange is { } r) return Scale(x, r.Min, r.Max);
        if (!scaleEach) return Scale(x, x.min().item<float>(), x.max().item<float>());
        return stack(Enumerable.Range(0, (int)x.shape[0]).Select(i => Scale(x[i], x[i].min().item<float>(), x[i].max().item<float>())).ToArray());
    }
}
