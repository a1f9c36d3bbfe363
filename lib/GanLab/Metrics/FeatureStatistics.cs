using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// The mean and covariance of a feature set, in float64: what the Fréchet distance compares
/// (Heusel et al. 2017 fit one Gaussian to each set's features). Compute once per set, reuse for every comparison.
/// </summary>
public sealed class FeatureStatistics
{
    /// <summary>Statistics from a given mean (D) and covariance (D, D), estimated from <paramref name="count"/> samples.</summary>
    public FeatureStatistics(Tensor mean, Tensor covariance, long count)
    {
        if (mean.dim() != 1 || covariance.dim() != 2 || covariance.shape[0] != mean.shape[0] || covariance.shape[1] != mean.shape[0])
            throw new ArgumentException($"Mean must be (D) and covariance (D, D); got [{string.Join(", ", mean.shape)}] and [{string.Join(", ", covariance.shape)}].");
        Mean = mean.to(ScalarType.Float64).cpu().DetachFromDisposeScope();
        Covariance = covariance.to(ScalarType.Float64).cpu().DetachFromDisposeScope();
        Count = count;
    }

    /// <summary>The features' mean, (D), float64.</summary>
    public Tensor Mean { get; }

    /// <summary>The features' unbiased covariance (divided by N − 1), (D, D), float64.</summary>
    public Tensor Covariance { get; }

    /// <summary>Number of samples the statistics come from.</summary>
    public long Count { get; }

    /// <summary>Feature dimension D.</summary>
    public long Dimension => Mean.shape[0];

    /// <summary>
    /// Mean and covariance of <paramref name="features"/> (N, D). Refuses N ≤ D: the covariance would be singular
    /// and the Fréchet distance meaningless (pytorch-fid's NaN / complex-value failures).
    /// </summary>
    public static FeatureStatistics FromFeatures(Tensor features)
    {
        if (features.dim() != 2) throw new ArgumentException($"Features must be (N, D); got shape [{string.Join(", ", features.shape)}].", nameof(features));
        long n = features.shape[0], d = features.shape[1];
        if (n <= d)
            throw new ArgumentException($"The Fréchet distance needs more samples than feature dimensions: got N = {n} samples of D = {d} features. " +
                $"Use at least {d + 1} samples (several times D is better), or fewer features (a smaller feature layer or PCA).", nameof(features));
        using var scope = NewDisposeScope();
        var f = features.to(ScalarType.Float64).cpu();
        var mean = f.mean(new long[] { 0 });
        var centred = f - mean;
        var cov = centred.t().matmul(centred) / (n - 1);
        return new FeatureStatistics(mean, cov, n);
    }
}
