using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// Is the generator copying its training set? Each generated sample's nearest training sample is found (the
/// nearest-neighbour check of the DCGAN and BigGAN papers), and its distance is compared with how far that training
/// sample is from its own nearest neighbour in the training set. A copy sits much closer to a training sample than
/// training samples sit to each other (ratio near 0); a new sample sits about as far (ratio near 1).
/// </summary>
public static class CopyCheck
{
    /// <summary>Checks <paramref name="generated"/> (N, ...) against <paramref name="training"/> (M, ...), on <paramref name="features"/> or on the flattened samples.</summary>
    /// <param name="generated">Generated samples.</param>
    /// <param name="training">The training set (or a large part of it).</param>
    /// <param name="features">Optional feature extractor, applied in batches without gradients.</param>
    /// <param name="threshold">Ratio below which a sample is flagged as a copy.</param>
    public static CopyCheckResult Run(Tensor generated, Tensor training, Func<Tensor, Tensor>? features = null, double threshold = 0.25)
    {
        if (training.shape[0] < 2) throw new ArgumentException("The training set needs at least 2 samples.", nameof(training));
        using var scope = NewDisposeScope();
        var g = Embed(generated, features);
        var t = Embed(training, features).to(g.device);
        var (gIndex, gDistance) = Nearest(g, t, null);
        // Each nearest training sample's own distance to the rest of the training set.
        var unique = gIndex.Distinct().ToArray();
        var (_, ownDistance) = Nearest(t.index_select(0, tensor(unique.Select(i => (long)i).ToArray(), device: t.device)), t, unique);
        var own = unique.Zip(ownDistance).ToDictionary(p => p.First, p => p.Second);
        var ratio = gIndex.Select((j, i) => gDistance[i] / Math.Max(own[j], 1e-12)).ToArray();
        return new CopyCheckResult(gIndex, gDistance, ratio, ratio.Select(r => r < threshold).ToArray(), threshold);
    }

    /// <summary>
    /// The nearest row of <paramref name="reference"/> for each row of <paramref name="queries"/> (both (N, D)), and its Euclidean
    /// distance; with <paramref name="self"/>, query i is reference row self[i] and skips itself.
    /// </summary>
    internal static (int[] Index, double[] Distance) Nearest(Tensor queries, Tensor reference, int[]? self)
    {
        int n = (int)queries.shape[0];
        var index = new int[n];
        var distance = new double[n];
        const int block = 256;
        for (int start = 0; start < n; start += block)
        {
            using var scope = NewDisposeScope();
            int rows = Math.Min(block, n - start);
            var d = cdist(queries[start..(start + rows)], reference);
            if (self is not null)
                d.index_put_(double.PositiveInfinity, arange(rows, device: d.device), tensor(self[start..(start + rows)].Select(i => (long)i).ToArray(), device: d.device));
            var (values, indices) = d.min(1);
            values.cpu().data<double>().CopyTo(distance.AsSpan(start, rows));
            indices.to(ScalarType.Int32).cpu().data<int>().CopyTo(index.AsSpan(start, rows));
        }
        return (index, distance);
    }

    static Tensor Embed(Tensor x, Func<Tensor, Tensor>? features)
    {
        if (features is null) return x.flatten(1).to(ScalarType.Float64);
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < x.shape[0]; start += 512)
            parts.Add(features(x[(int)start..(int)Math.Min(start + 512, x.shape[0])]).flatten(1).to(ScalarType.Float64));
        return cat(parts, 0);
    }
}
