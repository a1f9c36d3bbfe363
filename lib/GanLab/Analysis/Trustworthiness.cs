using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Analysis;

/// <summary>
/// Trustworthiness of an embedding (Venna &amp; Kaski 2001): 1 − 2/(n k (2n − 3k − 1)) Σᵢ Σ_{j ∈ Uᵢ} (r(i, j) − k),
/// where Uᵢ are the embedding's k nearest neighbours of i that are not among its k nearest in the input and r(i, j)
/// is j's rank by input distance from i. 1 means every neighbour in the embedding is a neighbour in the input.
/// </summary>
public static class Trustworthiness
{
    /// <summary>Trustworthiness of <paramref name="embedded"/> (N, d) as a picture of <paramref name="x"/> (N, D), for k neighbours.</summary>
    public static double Compute(Tensor x, Tensor embedded, int k = 5)
    {
        long n = x.shape[0];
        if (embedded.shape[0] != n) throw new ArgumentException($"x has {n} rows but the embedding has {embedded.shape[0]}.");
        if (k < 1 || k >= n / 2.0) throw new ArgumentException($"k must be between 1 and N/2 = {n / 2}; got {k}.", nameof(k));
        using var scope = NewDisposeScope();
        var xs = x.to(ScalarType.Float64).flatten(1);
        var ys = embedded.to(ScalarType.Float64).flatten(1);
        double penalty = 0;
        const int block = 512;
        for (int start = 0; start < n; start += block)
        {
            using var inner = NewDisposeScope();
            int rows = (int)Math.Min(block, n - start);
            var self = arange(start, start + rows, device: xs.device);
            var dx = cdist(xs[start..(start + rows)], xs);
            dx.index_put_(double.PositiveInfinity, arange(rows, device: xs.device), self);
            var ranks = dx.argsort(1).argsort(1) + 1;          // rank 1 = nearest in the input
            var dy = cdist(ys[start..(start + rows)], ys);
            dy.index_put_(double.PositiveInfinity, arange(rows, device: ys.device), self);
            var nearY = dy.topk(k, dim: 1, largest: false).indexes;
            penalty += (ranks.gather(1, nearY) - k).clamp_min(0).sum().item<long>();
        }
        return 1 - 2.0 / (n * k * (2.0 * n - 3 * k - 1)) * penalty;
    }
}
