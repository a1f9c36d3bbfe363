namespace GanLab.Metrics;

/// <summary>For each generated sample: its nearest training sample, how close, and whether it looks copied.</summary>
/// <param name="NearestIndex">Index of the nearest training sample.</param>
/// <param name="Distance">Distance to it.</param>
/// <param name="Ratio">Distance divided by that training sample's distance to its own nearest other training sample: about 1 for a fresh sample, about 0 for a copy.</param>
/// <param name="IsCopy">Ratio below the threshold.</param>
/// <param name="Threshold">The ratio below which a sample counts as a copy.</param>
public sealed record CopyCheckResult(IReadOnlyList<int> NearestIndex, IReadOnlyList<double> Distance, IReadOnlyList<double> Ratio, IReadOnlyList<bool> IsCopy, double Threshold)
{
    /// <summary>Share of generated samples flagged as copies.</summary>
    public double CopyFraction => IsCopy.Count == 0 ? 0 : IsCopy.Count(c => c) / (double)IsCopy.Count;

    /// <summary>Median of <see cref="Ratio"/>: near 1 when the generator makes new samples as far from the training set as its points are from each other.</summary>
    public double MedianRatio => Ratio.Count == 0 ? double.NaN : Ratio.Order().ElementAt(Ratio.Count / 2);

    /// <summary>"3 of 64 samples (4.7%) look copied; median distance ratio 0.93".</summary>
    public override string ToString() => $"{IsCopy.Count(c => c)} of {IsCopy.Count} samples ({100 * CopyFraction:F1}%) look copied; median distance ratio {MedianRatio:F2}";
}
