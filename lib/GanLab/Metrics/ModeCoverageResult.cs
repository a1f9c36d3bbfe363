namespace GanLab.Metrics;

/// <summary>Mode coverage of samples from a mixture of Gaussians (VEEGAN's table: modes captured and % high quality).</summary>
/// <param name="Modes">Number of modes in the mixture.</param>
/// <param name="ModesCovered">Modes that are the nearest mode of at least one high-quality sample.</param>
/// <param name="HighQualityFraction">Share of samples within the threshold (3 standard deviations) of their nearest mode, 0 to 1.</param>
/// <param name="HighQualityPerMode">High-quality samples per mode, in the order of the means.</param>
/// <param name="Samples">Number of samples evaluated.</param>
public sealed record ModeCoverageResult(int Modes, int ModesCovered, double HighQualityFraction, IReadOnlyList<int> HighQualityPerMode, int Samples)
{
    /// <summary>"7 / 8 modes, 93.1% high quality".</summary>
    public override string ToString() => $"{ModesCovered} / {Modes} modes, {100 * HighQualityFraction:F1}% high quality ({Samples} samples)";
}
