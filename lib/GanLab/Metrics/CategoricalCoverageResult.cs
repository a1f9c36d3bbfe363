namespace GanLab.Metrics;

/// <summary>How generated categories (classes or attribute combinations) cover the real ones, and KL(p_gen ‖ p_real).</summary>
/// <param name="RealCategories">Distinct categories present in the real set.</param>
/// <param name="Covered">Real categories that appear at least once among the generated samples.</param>
/// <param name="GeneratedOnly">Categories the generator produced that never occur in the real set.</param>
/// <param name="Kl">KL(p_gen ‖ p_real) in nats, over the union of categories, with the real histogram smoothed (see <see cref="CategoricalCoverage"/>).</param>
/// <param name="GeneratedCounts">Generated samples per category.</param>
/// <param name="RealCounts">Real samples per category.</param>
public sealed record CategoricalCoverageResult(
    int RealCategories, int Covered, int GeneratedOnly, double Kl,
    IReadOnlyDictionary<string, int> GeneratedCounts, IReadOnlyDictionary<string, int> RealCounts)
{
    /// <summary>"37 / 40 categories, KL 0.123 nats".</summary>
    public override string ToString() =>
        $"{Covered} / {RealCategories} categories covered, KL(gen || real) {Kl:F3} nats" + (GeneratedOnly > 0 ? $", {GeneratedOnly} categories not in the real set" : "");
}
