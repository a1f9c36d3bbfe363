using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// The Fréchet distance between Gaussians fitted to two feature sets, the formula of FID (Heusel et al. 2017):
/// d² = ‖μ₁ − μ₂‖² + Tr(C₁ + C₂ − 2 (C₁^½ C₂ C₁^½)^½). The trace term uses the symmetric form, computed from
/// eigendecompositions of symmetric matrices in float64, so it never goes complex (the failure mode of sqrtm(C₁C₂)).
/// FID proper uses Inception features; GanLab uses feature extractors the course trains itself, so the numbers
/// are comparable only with each other, at the same sample size (small N biases the distance upward; Chong &amp;
/// Forsyth 2019). Always show <see cref="RealVsReal"/> next to it.
/// </summary>
public static class FrechetDistance
{
    /// <summary>The Fréchet distance (squared, as FID reports it) between feature sets (N₁, D) and (N₂, D).</summary>
    public static double Compute(Tensor features1, Tensor features2) =>
        Between(FeatureStatistics.FromFeatures(features1), FeatureStatistics.FromFeatures(features2));

    /// <summary>The Fréchet distance between two sets' statistics.</summary>
    public static double Between(FeatureStatistics a, FeatureStatistics b)
    {
        if (a.Dimension != b.Dimension) throw new ArgumentException($"Feature dimensions differ: {a.Dimension} and {b.Dimension}.");
        using var scope = NewDisposeScope();
        double meanTerm = (a.Mean - b.Mean).square().sum().item<double>();
        double traces = a.Covariance.trace().item<double>() + b.Covariance.trace().item<double>();
        double d2 = meanTerm + traces - 2 * TraceSqrtProduct(a.Covariance, b.Covariance);
        // Rounding can leave a tiny negative value for identical sets; the distance itself is never negative.
        return Math.Max(0, d2);
    }

    /// <summary>
    /// The real-vs-real baseline: the distance between two disjoint random halves of <paramref name="realFeatures"/>
    /// (N, D). It is what a perfect generator would score at sample size N/2; compare a generator at that same size.
    /// </summary>
    public static double RealVsReal(Tensor realFeatures, int seed = 0)
    {
        long n = realFeatures.shape[0];
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var order = SeededRandom.Randperm(n, generator, realFeatures.device);
        long half = n / 2;
        return Compute(realFeatures.index_select(0, order[..(int)half]), realFeatures.index_select(0, order[(int)half..(int)(2 * half)]));
    }

    /// <summary>Tr((C₁^½ C₂ C₁^½)^½) = Tr((C₁C₂)^½), from eigenvalues of symmetric positive semi-definite matrices (negative rounding clamped to 0).</summary>
    internal static double TraceSqrtProduct(Tensor c1, Tensor c2)
    {
        using var scope = NewDisposeScope();
        var root1 = PsdSqrt(c1);
        var m = root1.matmul(c2).matmul(root1);
        m = (m + m.t()) / 2;
        return linalg.eigvalsh(m).clamp_min(0).sqrt().sum().item<double>();
    }

    /// <summary>The symmetric square root V diag(√λ) Vᵀ of a symmetric positive semi-definite matrix.</summary>
    internal static Tensor PsdSqrt(Tensor c)
    {
        var (values, vectors) = linalg.eigh((c + c.t()) / 2);
        return (vectors * values.clamp_min(0).sqrt().unsqueeze(0)).matmul(vectors.t());
    }
}
