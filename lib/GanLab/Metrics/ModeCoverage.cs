using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// Mode coverage on a mixture of isotropic Gaussians, as defined in VEEGAN (Srivastava et al. 2017) and used by
/// Unrolled GAN and PacGAN: a sample is high quality when it lies within <c>threshold</c> standard deviations of its
/// nearest mode; a mode is captured when it is the nearest mode of at least one high-quality sample.
/// </summary>
/// <example><code>
/// var result = ModeCoverage.Evaluate(g.forward(torch.randn(2500, 2)), ModeCoverage.RingMeans(8), std: 0.01);
/// Console.WriteLine(result);   // 8 / 8 modes, 95.2% high quality (2500 samples)
/// </code></example>
public static class ModeCoverage
{
    /// <summary>Scores samples (N, D) against the mixture's means (K, D) and its per-component standard deviation.</summary>
    public static ModeCoverageResult Evaluate(Tensor samples, Tensor means, double std, double threshold = 3.0)
    {
        if (samples.dim() != 2 || means.dim() != 2 || samples.shape[1] != means.shape[1])
            throw new ArgumentException($"Samples must be (N, D) and means (K, D); got [{string.Join(", ", samples.shape)}] and [{string.Join(", ", means.shape)}].");
        if (std <= 0) throw new ArgumentException($"std must be positive; got {std}.", nameof(std));
        using var scope = NewDisposeScope();
        var x = samples.to(ScalarType.Float64).cpu();
        var mu = means.to(ScalarType.Float64).cpu();
        var (nearest, mode) = cdist(x, mu).min(1);
        var good = nearest / std < threshold;
        int k = (int)mu.shape[0];
        var perMode = bincount(mode[good], minlength: k).data<long>().ToArray().Select(c => (int)c).ToArray();
        int n = (int)x.shape[0];
        double share = n == 0 ? 0 : good.sum().item<long>() / (double)n;
        return new ModeCoverageResult(k, perMode.Count(c => c > 0), share, perMode, n);
    }

    /// <summary>Evaluates samples against a toy mixture's own means and standard deviation (VEEGAN's definition).</summary>
    public static ModeCoverageResult Evaluate(Tensor samples, Data.ToyMixture mixture, double threshold = 3.0) =>
        Evaluate(samples, mixture.MeansTensor(), mixture.Std, threshold);

    /// <summary>The ring of PacGAN's code (8 modes, radius 1, std 0.01 there): <see cref="Data.ToyMixture.Ring"/>'s means.</summary>
    public static Tensor RingMeans(int modes = 8, double radius = 1.0) => Data.ToyMixture.Ring(modes, radius).MeansTensor();

    /// <summary>The grid of PacGAN's code ({−4, −2, 0, 2, 4}², std 0.05 there): <see cref="Data.ToyMixture.Grid"/>'s means.</summary>
    public static Tensor GridMeans(int side = 5, double spacing = 2.0) => Data.ToyMixture.Grid(side, spacing).MeansTensor();
}
