using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// How sharp a batch of images is, in two numbers that fall when images are blurred: the mean gradient magnitude
/// (the Tenengrad family of focus measures, with plain finite differences) and the energy at high spatial frequencies.
/// A pixel-loss model that paints the average image scores far below real images on both. Both depend on the value
/// range: compare batches in the same range only.
/// </summary>
/// <example><code>
/// double real = Sharpness.MeanGradient(faces.Images[..256]);     // about 0.13 for procedural faces at 32x32 in [-1, 1]
/// double blurred = Sharpness.MeanGradient(model.forward(labels)); // a fraction of it
/// </code></example>
public static class Sharpness
{
    /// <summary>
    /// The mean over images, channels and pixels of √(dx² + dy²), where dx and dy are the differences between
    /// horizontally and vertically neighbouring pixels (the last row and column are left out). Images (N, C, H, W) or (C, H, W).
    /// </summary>
    public static double MeanGradient(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = Batch(images);
        var dx = x[.., .., ..^1, 1..] - x[.., .., ..^1, ..^1];
        var dy = x[.., .., 1.., ..^1] - x[.., .., ..^1, ..^1];
        return (dx.square() + dy.square()).sqrt().mean().item<double>();
    }

    /// <summary>
    /// The energy of the images' fine detail: the mean square, per pixel, of the part of each image above
    /// <paramref name="cutoff"/> times the Nyquist frequency (radially, in cycles per pixel), averaged over images and
    /// channels. By Parseval's theorem this is the energy of the FFT's high-frequency coefficients divided by the number
    /// of pixels squared. Blurring removes exactly this part; in the same value range, real images have far more of it
    /// than an average of many images. Images (N, C, H, W) or (C, H, W).
    /// </summary>
    /// <param name="images">The batch.</param>
    /// <param name="cutoff">Where "high" starts, as a fraction of the Nyquist frequency (0.5 cycles per pixel).</param>
    public static double HighFrequencyEnergy(Tensor images, double cutoff = 0.5)
    {
        if (cutoff <= 0 || cutoff >= 1.5) throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "Give a fraction of the Nyquist frequency between 0 and 1.4.");
        using var scope = NewDisposeScope();
        var x = Batch(images);
        long h = x.shape[2], w = x.shape[3];
        var power = fft.fft2(x).abs().square();                                   // (N, C, H, W)
        var fy = fft.fftfreq(h, dtype: ScalarType.Float64).view(-1, 1);          // cycles per pixel, -0.5 .. 0.5
        var fx = fft.fftfreq(w, dtype: ScalarType.Float64).view(1, -1);
        var high = ((fy.square() + fx.square()).sqrt() > cutoff * 0.5).to(ScalarType.Float64).to(x.device);
        return ((power * high).sum(new long[] { 2, 3 }) / ((double)h * w * h * w)).mean().item<double>();
    }

    static Tensor Batch(Tensor images)
    {
        var x = images.dim() switch
        {
            4 => images,
            3 => images.unsqueeze(0),
            _ => throw new ArgumentException($"Expected images (N, C, H, W) or (C, H, W); got [{string.Join(", ", images.shape)}].", nameof(images)),
        };
        if (x.shape[2] < 2 || x.shape[3] < 2) throw new ArgumentException("Images must be at least 2x2 pixels.", nameof(images));
        return x.detach().to(ScalarType.Float64);
    }
}
