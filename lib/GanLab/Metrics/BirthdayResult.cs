namespace GanLab.Metrics;

/// <summary>
/// The outcome of a birthday-paradox scan: the duplicate rate at each batch size tried and, where duplicates became
/// likely, the support size estimated from it.
/// </summary>
/// <param name="Rates">(batch size s, share of batches of that size holding at least one near-duplicate pair), in the order tried.</param>
/// <param name="BatchSize">The smallest s whose duplicate rate reached one half, or null if none did.</param>
/// <param name="Estimate">Support M̂ = s(s − 1) / (2 ln(1 / (1 − rate))) at that s: the size of a uniform distribution with that duplicate rate.</param>
/// <param name="Lower">Lower end of the bracket: s'(s' − 1) / (2 ln 2) for the largest s' tried whose rate stayed below one half (0 if none).</param>
/// <param name="Upper">Arora &amp; Zhang's rule: duplicates are likely in batches of s, so the support is at most about s².</param>
/// <param name="Pairs">The 20 closest pairs of one batch of the last size tried (the batch whose closest pair was closest), to inspect as the paper does; use <see cref="BirthdayTest.ClosestPairs"/> on a batch you keep to see the images.</param>
public sealed record BirthdayResult(
    IReadOnlyList<(int BatchSize, double DuplicateRate)> Rates,
    int? BatchSize, double? Estimate, double Lower, double? Upper, IReadOnlyList<ClosestPair> Pairs)
{
    /// <summary>"support ≈ 1,020 (between 365 and 2,025): duplicates in 62% of batches of 45".</summary>
    public override string ToString() => BatchSize is int s
        ? $"support ≈ {Estimate:N0} (between {Lower:N0} and {Upper:N0}): duplicates in {100 * Rates.First(r => r.BatchSize == s).DuplicateRate:F0}% of batches of {s}"
        : $"no duplicates likely up to batches of {Rates[^1].BatchSize}: support above {Lower:N0}";
}
