using System.Collections.Concurrent;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Analysis;

/// <summary>
/// t-distributed stochastic neighbour embedding into 2-D (van der Maaten &amp; Hinton 2008), with the Barnes-Hut
/// gradient for large sets (van der Maaten 2014) or the exact gradient when <see cref="TsneOptions.Theta"/> is 0.
/// Each point's Gaussian is calibrated to the perplexity by binary search; optimisation uses early exaggeration,
/// momentum and per-coordinate gains as in van der Maaten's bhtsne.
/// </summary>
/// <example><code>
/// var xy = Tsne.FitTransform(Pca.FitTransform(features, 50), new TsneOptions { Perplexity = 30, Seed = 1 });  // (N, 2)
/// </code></example>
public static class Tsne
{
    /// <summary>Most points the exact method (θ = 0) accepts: it stores several N x N tables.</summary>
    public const int ExactLimit = 3000;

    /// <summary>Embeds the rows of <paramref name="x"/> (N, D) in 2-D; returns (N, 2) float32 on <paramref name="x"/>'s device.</summary>
    public static Tensor FitTransform(Tensor x, TsneOptions? options = null)
    {
        var o = options ?? new TsneOptions();
        if (x.dim() != 2) throw new ArgumentException($"t-SNE needs a (N, D) matrix; got shape [{string.Join(", ", x.shape)}].", nameof(x));
        int n = (int)x.shape[0];
        if (n < 4) throw new ArgumentException($"t-SNE needs at least 4 points; got {n}.", nameof(x));
        if (o.Perplexity <= 0 || o.Perplexity >= n - 1)
            throw new ArgumentException($"Perplexity must be between 0 and N − 1 = {n - 1}; got {o.Perplexity}. Use fewer neighbours for small sets.", nameof(options));
        if (o.Theta <= 0 && n > ExactLimit)
            throw new ArgumentException($"The exact gradient (Theta = 0) keeps N² pairs; {n} points is too many (at most {ExactLimit}). Use Barnes-Hut (Theta 0.5, the default).", nameof(options));
        var p = o.Theta > 0 ? SparseAffinities(x, o.Perplexity) : DenseAffinities(x, o.Perplexity);
        var y = Initial(x, o);
        Optimise(p, y, n, o);
        using var scope = NewDisposeScope();
        return tensor(y, new long[] { n, 2 }).to(ScalarType.Float32).to(x.device).MoveToOuterDisposeScope();
    }

    /// <summary>Joint affinities pᵢⱼ in compressed rows (symmetric, summing to 1).</summary>
    internal sealed record Affinities(int[] RowStart, int[] Columns, double[] Values);

    /// <summary>P over the 3·perplexity nearest neighbours of each point (bhtsne's sparse input similarities).</summary>
    internal static Affinities SparseAffinities(Tensor x, double perplexity)
    {
        int n = (int)x.shape[0];
        int k = Math.Min(n - 1, (int)(3 * perplexity + 1));
        var (neighbours, distances) = NearestNeighbours(x, k);
        var conditional = new double[n * k];
        Parallel.For(0, n, i => Calibrate(distances.AsSpan(i * k, k), perplexity, conditional.AsSpan(i * k, k)));
        // Symmetrise: p_ij = (p_j|i + p_i|j) / 2N, merging (i, j) and (j, i) entries.
        var keys = new long[2 * n * k];
        var values = new double[2 * n * k];
        for (int i = 0, e = 0; i < n; i++)
            for (int m = 0; m < k; m++, e += 2)
            {
                int j = neighbours[i * k + m];
                double v = conditional[i * k + m] / (2.0 * n);
                keys[e] = (long)i * n + j; values[e] = v;
                keys[e + 1] = (long)j * n + i; values[e + 1] = v;
            }
        Array.Sort(keys, values);
        var rowStart = new int[n + 1];
        var columns = new List<int>(keys.Length);
        var merged = new List<double>(keys.Length);
        for (int e = 0; e < keys.Length; e++)
        {
            if (e > 0 && keys[e] == keys[e - 1]) { merged[^1] += values[e]; continue; }
            int row = (int)(keys[e] / n);
            rowStart[row + 1]++;
            columns.Add((int)(keys[e] % n));
            merged.Add(values[e]);
        }
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        return new Affinities(rowStart, columns.ToArray(), merged.ToArray());
    }

    /// <summary>P over all pairs (the exact method), stored as full compressed rows.</summary>
    internal static Affinities DenseAffinities(Tensor x, double perplexity)
    {
        int n = (int)x.shape[0];
        double[] d2;
        using (var scope = NewDisposeScope())
        {
            var x64 = x.to(ScalarType.Float64).cpu();
            d2 = cdist(x64, x64).square().data<double>().ToArray();
        }
        var conditional = new double[n * n];
        Parallel.For(0, n, i =>
        {
            var row = new double[n - 1];
            var p = new double[n - 1];
            for (int j = 0, m = 0; j < n; j++) if (j != i) row[m++] = d2[i * n + j];
            Calibrate(row, perplexity, p);
            for (int j = 0, m = 0; j < n; j++) if (j != i) conditional[i * n + j] = p[m++];
        });
        var rowStart = new int[n + 1];
        var columns = new int[n * (n - 1)];
        var values = new double[n * (n - 1)];
        for (int i = 0, e = 0; i < n; i++)
        {
            rowStart[i] = e;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                columns[e] = j;
                values[e++] = Math.Max((conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n), 1e-12);
            }
        }
        rowStart[n] = n * (n - 1);
        return new Affinities(rowStart, columns, values);
    }

    /// <summary>The k nearest neighbours of every row (itself excluded) and their squared distances, computed in blocks.</summary>
    internal static (int[] Neighbours, double[] Distances) NearestNeighbours(Tensor x, int k)
    {
        int n = (int)x.shape[0];
        var neighbours = new int[n * k];
        var distances = new double[n * k];
        using var scope = NewDisposeScope();
        var x64 = x.to(ScalarType.Float64);
        const int block = 512;
        for (int start = 0; start < n; start += block)
        {
            using var inner = NewDisposeScope();
            int rows = Math.Min(block, n - start);
            var d2 = cdist(x64[start..(start + rows)], x64).square();
            // Exclude each point itself, even when it has exact duplicates.
            d2.index_put_(double.PositiveInfinity, arange(rows), arange(start, start + rows));
            var (values, indices) = d2.topk(k, dim: 1, largest: false, sorted: true);
            values.cpu().data<double>().CopyTo(distances.AsSpan(start * k, rows * k));
            var idx = indices.to(ScalarType.Int32).cpu().data<int>().ToArray();
            idx.CopyTo(neighbours, start * k);
        }
        return (neighbours, distances);
    }

    /// <summary>
    /// Finds the precision β so that the conditional distribution pⱼ ∝ exp(−β dⱼ) over one point's squared distances
    /// has entropy ln(perplexity) (binary search, tolerance 1e-5), and writes that distribution to <paramref name="p"/>.
    /// </summary>
    internal static void Calibrate(ReadOnlySpan<double> d2, double perplexity, Span<double> p)
    {
        double target = Math.Log(perplexity), beta = 1, lo = double.NegativeInfinity, hi = double.PositiveInfinity;
        double min = double.MaxValue;
        foreach (double d in d2) min = Math.Min(min, d);
        for (int iter = 0; iter < 200; iter++)
        {
            double sum = 0, weighted = 0;
            for (int j = 0; j < d2.Length; j++)
            {
                double shifted = d2[j] - min;
                p[j] = Math.Exp(-beta * shifted);
                sum += p[j];
                weighted += shifted * p[j];
            }
            double entropy = Math.Log(sum) + beta * weighted / sum;
            double diff = entropy - target;
            if (Math.Abs(diff) < 1e-5) break;
            if (diff > 0) { lo = beta; beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2; }
            else { hi = beta; beta = double.IsNegativeInfinity(lo) ? beta / 2 : (beta + lo) / 2; }
        }
        double total = 0;
        foreach (double v in p) total += v;
        for (int j = 0; j < p.Length; j++) p[j] /= total;
    }

    static double[] Initial(Tensor x, TsneOptions o)
    {
        int n = (int)x.shape[0];
        using var scope = NewDisposeScope();
        if (o.PcaInit && x.shape[1] >= 2)
        {
            var pca = Pca.FitTransform(x.to(ScalarType.Float64).cpu(), 2);
            double spread = pca[.., 0].std().item<double>();
            if (spread > 0) return (pca / spread * 1e-4).contiguous().data<double>().ToArray();
        }
        // Random start (also when the data has no spread for PCA to follow).
        var random = randn(new long[] { n, 2 }, ScalarType.Float64, generator: new Generator((ulong)o.Seed)) * 1e-4;
        return random.contiguous().data<double>().ToArray();
    }

    static void Optimise(Affinities p, double[] y, int n, TsneOptions o)
    {
        double rate = o.LearningRate ?? Math.Max(n / o.EarlyExaggeration / 4, 50);
        var update = new double[2 * n];
        var gains = new double[2 * n];
        Array.Fill(gains, 1.0);
        var grad = new double[2 * n];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.Threads ?? Math.Max(1, torch.get_num_threads()) };
        for (int iter = 0; iter < o.Iterations; iter++)
        {
            NotebookInterrupt.ThrowIfRequested();
            bool early = iter < o.ExaggerationIterations;
            double exaggeration = early ? o.EarlyExaggeration : 1, momentum = early ? 0.5 : 0.8;
            if (o.Theta > 0) BarnesHutGradient(p, y, n, exaggeration, o.Theta, grad, parallel);
            else ExactGradient(p, y, n, exaggeration, grad, parallel);
            double norm = 0;
            for (int e = 0; e < 2 * n; e++)
            {
                gains[e] = Math.Sign(grad[e]) != Math.Sign(update[e]) ? gains[e] + 0.2 : Math.Max(gains[e] * 0.8, 0.01);
                update[e] = momentum * update[e] - rate * gains[e] * grad[e];
                y[e] += update[e];
                norm += grad[e] * grad[e];
            }
            Centre(y, n);
            if (Math.Sqrt(norm) < o.MinGradNorm) break;
        }
    }

    static double Sum(double[] values)
    {
        double total = 0;
        foreach (double v in values) total += v;
        return total;
    }

    static void Centre(double[] y, int n)
    {
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += y[2 * i]; my += y[2 * i + 1]; }
        mx /= n; my /= n;
        for (int i = 0; i < n; i++) { y[2 * i] -= mx; y[2 * i + 1] -= my; }
    }

    /// <summary>∂KL/∂yᵢ = 4 Σⱼ (α pᵢⱼ − qᵢⱼ)(1 + ‖yᵢ − yⱼ‖²)⁻¹ (yᵢ − yⱼ), attraction over P's entries, repulsion from the tree.</summary>
    internal static void BarnesHutGradient(Affinities p, double[] y, int n, double exaggeration, double theta, double[] grad, ParallelOptions parallel)
    {
        var tree = new QuadTree(y, n);
        var sums = new double[n];
        Parallel.ForEach(Partitioner.Create(0, n, Math.Max(64, n / (4 * parallel.MaxDegreeOfParallelism))), parallel,
            () => new int[QuadTree.StackSize],
            (range, _, stack) =>
            {
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    sums[i] = tree.Repulsion(i, theta, stack, out double fx, out double fy);
                    grad[2 * i] = fx; grad[2 * i + 1] = fy;   // repulsion, normalised below
                }
                return stack;
            },
            _ => { });
        double z = Sum(sums);   // in index order, so the result does not depend on thread scheduling
        Parallel.For(0, n, parallel, i =>
        {
            double ax = 0, ay = 0, yx = y[2 * i], yy = y[2 * i + 1];
            for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
            {
                int j = p.Columns[e];
                double dx = yx - y[2 * j], dy = yy - y[2 * j + 1];
                double w = exaggeration * p.Values[e] / (1 + dx * dx + dy * dy);
                ax += w * dx; ay += w * dy;
            }
            grad[2 * i] = 4 * (ax - grad[2 * i] / z);
            grad[2 * i + 1] = 4 * (ay - grad[2 * i + 1] / z);
        });
    }

    /// <summary>The same gradient summed over all pairs (O(N²)); P must hold every pair.</summary>
    internal static void ExactGradient(Affinities p, double[] y, int n, double exaggeration, double[] grad, ParallelOptions parallel)
    {
        var sums = new double[n];
        Parallel.For(0, n, parallel, i =>
        {
            double local = 0;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                local += 1 / (1 + dx * dx + dy * dy);
            }
            sums[i] = local;
        });
        double z = Sum(sums);
        Parallel.For(0, n, parallel, i =>
        {
            double gx = 0, gy = 0, yx = y[2 * i], yy = y[2 * i + 1];
            for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
            {
                int j = p.Columns[e];
                double dx = yx - y[2 * j], dy = yy - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                double w = (exaggeration * p.Values[e] - q / z) * q;
                gx += w * dx; gy += w * dy;
            }
            grad[2 * i] = 4 * gx;
            grad[2 * i + 1] = 4 * gy;
        });
    }
}
