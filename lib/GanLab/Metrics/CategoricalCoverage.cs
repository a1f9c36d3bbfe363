using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// Category counting with a classifier, as PacGAN does on Stacked MNIST (Lin et al. 2018): label every generated and
/// real sample (a class, or a combination of attributes such as mouth, glasses and hair), count how many of the real
/// categories the generator produces, and measure KL(p_gen ‖ p_real) = Σ_c p_gen(c) ln(p_gen(c) / p_real(c)) in nats.
/// Empty bins: a category the generator never makes contributes 0 (the limit of p ln p); the real histogram gets
/// <c>smoothing</c> pseudo-counts in every bin of the union of categories (additive smoothing, default 0.5), so a
/// category the real sample happens to lack gives a large but finite term instead of infinity.
/// </summary>
public static class CategoricalCoverage
{
    /// <summary>Coverage and KL from one category key per generated and per real sample.</summary>
    public static CategoricalCoverageResult Evaluate(IReadOnlyList<string> generated, IReadOnlyList<string> real, double smoothing = 0.5)
    {
        if (generated.Count == 0 || real.Count == 0) throw new ArgumentException("Both the generated and the real set need at least one sample.");
        if (smoothing < 0) throw new ArgumentException($"smoothing must be 0 or more; got {smoothing}.", nameof(smoothing));
        var gen = Count(generated);
        var rea = Count(real);
        var bins = gen.Keys.Union(rea.Keys).ToList();
        double realTotal = real.Count + smoothing * bins.Count;
        double kl = 0;
        foreach (var (key, count) in gen)
        {
            double p = count / (double)generated.Count;
            double q = (rea.GetValueOrDefault(key) + smoothing) / realTotal;
            kl += q == 0 ? double.PositiveInfinity : p * Math.Log(p / q);
        }
        int covered = rea.Keys.Count(gen.ContainsKey);
        int generatedOnly = gen.Keys.Count(k => !rea.ContainsKey(k));
        return new CategoricalCoverageResult(rea.Count, covered, generatedOnly, kl, gen, rea);
    }

    /// <summary>
    /// Coverage and KL from integer labels: (N) class indices, or (N, A) attribute values whose rows are the
    /// categories (attribute combinations).
    /// </summary>
    public static CategoricalCoverageResult Evaluate(Tensor generatedLabels, Tensor realLabels, double smoothing = 0.5) =>
        Evaluate(Keys(generatedLabels), Keys(realLabels), smoothing);

    /// <summary>One key per row: "3" for a class index, "2,0,1" for a row of attribute values.</summary>
    public static string[] Keys(Tensor labels)
    {
        if (labels.dim() is not (1 or 2)) throw new ArgumentException($"Labels must be (N) or (N, A); got shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        using var scope = NewDisposeScope();
        var rows = labels.dim() == 1 ? labels.unsqueeze(1) : labels;
        int n = (int)rows.shape[0], a = (int)rows.shape[1];
        var values = rows.to(ScalarType.Int64).cpu().contiguous().data<long>().ToArray();
        var keys = new string[n];
        for (int i = 0; i < n; i++) keys[i] = string.Join(",", new ArraySegment<long>(values, i * a, a));
        return keys;
    }

    static Dictionary<string, int> Count(IReadOnlyList<string> keys)
    {
        var counts = new Dictionary<string, int>();
        foreach (var k in keys) counts[k] = counts.GetValueOrDefault(k) + 1;
        return counts;
    }
}
