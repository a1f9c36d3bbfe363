using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Analysis;

/// <summary>
/// Leave-one-out k-nearest-neighbour accuracy: how often a point's label is the majority label of its k nearest other
/// points (Euclidean). It asks whether a representation (latent codes, features, an embedding) puts points with the same
/// attribute next to each other; compare it with <see cref="MajorityBaseline"/>, the accuracy of always guessing the
/// most common label.
/// </summary>
public static class NearestNeighbourAccuracy
{
    /// <summary>Share of the points (N, D) whose label (N) equals the majority of their <paramref name="k"/> nearest neighbours' labels (ties: the nearest neighbour's label among the tied).</summary>
    public static double Compute(Tensor x, Tensor labels, int k = 5)
    {
        long n = x.shape[0];
        if (labels.shape[0] != n) throw new ArgumentException($"x has {n} rows but there are {labels.shape[0]} labels.", nameof(labels));
        if (k < 1 || k >= n) throw new ArgumentException($"k must be between 1 and N - 1 = {n - 1}; got {k}.", nameof(k));
        using var scope = NewDisposeScope();
        var points = x.detach().to(ScalarType.Float64).flatten(1);
        var y = labels.detach().cpu().to(ScalarType.Int64).data<long>().ToArray();
        int correct = 0;
        const int block = 512;
        for (int start = 0; start < n; start += block)
        {
            using var inner = NewDisposeScope();
            int rows = (int)Math.Min(block, n - start);
            var d = cdist(points[start..(start + rows)], points);
            d.index_put_(double.PositiveInfinity, arange(rows, device: d.device), arange(start, start + rows, device: d.device));
            var near = d.topk(k, dim: 1, largest: false).indexes.cpu().data<long>().ToArray();   // nearest first
            for (int r = 0; r < rows; r++)
            {
                var votes = new Dictionary<long, int>();
                long best = -1;
                int bestVotes = 0;
                for (int j = 0; j < k; j++)
                {
                    long label = y[near[r * k + j]];
                    int v = votes[label] = votes.GetValueOrDefault(label) + 1;
                    if (v > bestVotes) (best, bestVotes) = (label, v);   // strictly more: the earlier (nearer) label wins a tie
                }
                if (best == y[start + r]) correct++;
            }
        }
        return (double)correct / n;
    }

    /// <summary>The accuracy of always guessing the most common label: the number a representation must beat.</summary>
    public static double MajorityBaseline(Tensor labels)
    {
        var y = labels.detach().cpu().to(ScalarType.Int64).data<long>().ToArray();
        return y.Length == 0 ? 0 : (double)y.GroupBy(v => v).Max(g => g.Count()) / y.Length;
    }
}
