using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// The birthday-paradox test (Arora &amp; Zhang 2017, "Do GANs learn the distribution?"): if batches of s samples
/// contain a near-duplicate pair with probability at least one half, the generator's support is about s² or less.
/// For a uniform distribution over M items, P(duplicate in s) ≈ 1 − exp(−s(s − 1) / 2M), which gives the estimate.
/// A "duplicate" is a pair closer than a threshold, on features (better) or pixels; inspect the closest pairs by eye.
/// </summary>
public static class BirthdayTest
{
    /// <summary>The <paramref name="count"/> closest pairs among <paramref name="samples"/> (s, ...), nearest first; Euclidean distance on <paramref name="features"/>(samples) or on the flattened samples.</summary>
    public static IReadOnlyList<ClosestPair> ClosestPairs(Tensor samples, int count = 20, Func<Tensor, Tensor>? features = null)
    {
        long s = samples.shape[0];
        if (s < 2) throw new ArgumentException("Need at least 2 samples to form a pair.", nameof(samples));
        using var scope = NewDisposeScope();
        Tensor f;
        using (no_grad()) f = (features is null ? samples : features(samples)).flatten(1).to(ScalarType.Float64);
        var d = cdist(f, f);
        var upper = triu_indices(s, s, 1, device: d.device);
        var flat = d[upper[0], upper[1]];
        int k = (int)Math.Min(count, flat.shape[0]);
        var (values, order) = flat.topk(k, largest: false, sorted: true);
        var dist = values.cpu().data<double>().ToArray();
        var first = upper[0].index_select(0, order).cpu().data<long>().ToArray();
        var second = upper[1].index_select(0, order).cpu().data<long>().ToArray();
        return Enumerable.Range(0, k).Select(i => new ClosestPair((int)first[i], (int)second[i], dist[i])).ToList();
    }

    /// <summary>Share of <paramref name="trials"/> batches of <paramref name="batchSize"/> from <paramref name="sample"/> that hold a pair closer than <paramref name="threshold"/>.</summary>
    public static double DuplicateRate(Func<int, Tensor> sample, int batchSize, double threshold, int trials = 20, Func<Tensor, Tensor>? features = null) =>
        Scan(sample, batchSize, threshold, trials, features).Rate;

    /// <summary>
    /// Tries batch sizes in increasing order (default 8, 11, 16, 23, ... up to 4,096, ×√2 each) until batches hold a
    /// near-duplicate at least half the time, and estimates the support from that size.
    /// </summary>
    /// <param name="sample">Draws n samples, (n, ...): the generator (or a real data set, to calibrate the threshold).</param>
    /// <param name="threshold">Pairs closer than this count as duplicates; calibrate it on real pairs you judge duplicates by eye.</param>
    /// <param name="batchSizes">Sizes to try, increasing.</param>
    /// <param name="trials">Batches per size: the duplicate rate is a share of these.</param>
    /// <param name="features">Optional feature extractor applied to each batch (no gradients).</param>
    public static BirthdayResult EstimateSupport(Func<int, Tensor> sample, double threshold, IReadOnlyList<int>? batchSizes = null, int trials = 20, Func<Tensor, Tensor>? features = null)
    {
        var sizes = batchSizes ?? DefaultSizes();
        if (sizes.Count == 0) throw new ArgumentException("Give at least one batch size.", nameof(batchSizes));
        var rates = new List<(int, double)>();
        double lower = 0;
        IReadOnlyList<ClosestPair> pairs = Array.Empty<ClosestPair>();
        foreach (int s in sizes)
        {
            var (rate, last) = Scan(sample, s, threshold, trials, features);
            rates.Add((s, rate));
            pairs = last;
            if (rate < 0.5)
            {
                lower = s * (s - 1) / (2 * Math.Log(2));
                continue;
            }
            // A rate of 1 would make the estimate 0; count it as 1 − 1/(2·trials), the middle of the last unobserved step.
            double p = Math.Min(rate, 1 - 0.5 / trials);
            double estimate = s * (s - 1) / (2 * Math.Log(1 / (1 - p)));
            return new BirthdayResult(rates, s, estimate, lower, (double)s * s, pairs);
        }
        return new BirthdayResult(rates, null, null, lower, null, pairs);
    }

    static (double Rate, IReadOnlyList<ClosestPair> Pairs) Scan(Func<int, Tensor> sample, int batchSize, double threshold, int trials, Func<Tensor, Tensor>? features)
    {
        if (batchSize < 2) throw new ArgumentException($"Batch size must be at least 2; got {batchSize}.");
        int hits = 0;
        IReadOnlyList<ClosestPair> pairs = Array.Empty<ClosestPair>();
        for (int t = 0; t < trials; t++)
        {
            using var scope = NewDisposeScope();
            Tensor batch;
            using (no_grad()) batch = sample(batchSize);
            var found = ClosestPairs(batch, 20, features);
            if (found[0].Distance < threshold) hits++;
            if (pairs.Count == 0 || found[0].Distance < pairs[0].Distance) pairs = found;
        }
        return (hits / (double)trials, pairs);
    }

    static List<int> DefaultSizes()
    {
        var sizes = new List<int>();
        for (double s = 8; s <= 4096; s *= Math.Sqrt(2)) sizes.Add((int)Math.Round(s));
        return sizes;
    }
}
