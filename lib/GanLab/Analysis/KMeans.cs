using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Analysis;

/// <summary>
/// k-means clustering (Lloyd's algorithm) with k-means++ initialisation (Arthur &amp; Vassilvitskii 2007), run
/// <c>nInit</c> times from different seeds, keeping the run with the smallest inertia (as scikit-learn's KMeans).
/// </summary>
/// <example><code>
/// var km = KMeans.Fit(embedding, k: 5, seed: 1);
/// int[] cluster = km.Labels;               // one cluster per row
/// </code></example>
public sealed class KMeans
{
    KMeans(Tensor centroids, int[] labels, double inertia, int iterations)
    {
        Centroids = centroids.DetachFromDisposeScope();
        Labels = labels;
        Inertia = inertia;
        Iterations = iterations;
    }

    /// <summary>Cluster centres, (k, D).</summary>
    public Tensor Centroids { get; }

    /// <summary>The cluster of each fitted row.</summary>
    public int[] Labels { get; }

    /// <summary>Sum of squared distances from each row to its centre.</summary>
    public double Inertia { get; }

    /// <summary>Lloyd iterations the best run took.</summary>
    public int Iterations { get; }

    /// <summary>Clusters the rows of <paramref name="x"/> (N, D) into <paramref name="k"/> groups.</summary>
    /// <param name="x">Data, (N, D).</param>
    /// <param name="k">Number of clusters.</param>
    /// <param name="nInit">Independent runs (k-means++ from different draws); the lowest inertia wins.</param>
    /// <param name="maxIterations">Lloyd iterations per run at most.</param>
    /// <param name="tolerance">A run stops when the centres move less than this, relative to the data's mean variance.</param>
    /// <param name="seed">Seed for the k-means++ draws.</param>
    public static KMeans Fit(Tensor x, int k, int nInit = 10, int maxIterations = 300, double tolerance = 1e-4, int seed = 0)
    {
        if (x.dim() != 2) throw new ArgumentException($"k-means needs a (N, D) matrix; got shape [{string.Join(", ", x.shape)}].", nameof(x));
        long n = x.shape[0];
        if (k < 1 || k > n) throw new ArgumentException($"k must be between 1 and N = {n}; got {k}.", nameof(k));
        if (nInit < 1) throw new ArgumentException($"nInit must be at least 1; got {nInit}.", nameof(nInit));
        using var scope = NewDisposeScope();
        var data = x.to(ScalarType.Float64);
        double threshold = tolerance * data.var(new long[] { 0 }).mean().item<double>();
        var random = new Random(seed);
        Tensor? best = null;
        Tensor? bestLabels = null;
        double bestInertia = double.PositiveInfinity;
        int bestIterations = 0;
        for (int run = 0; run < nInit; run++)
        {
            using var runScope = NewDisposeScope();   // each run's tensors are freed when it ends: memory stays flat
            var centroids = PlusPlus(data, k, random);
            int iter = 0;
            while (iter < maxIterations)
            {
                NotebookInterrupt.ThrowIfRequested();
                iter++;
                using var step = NewDisposeScope();
                var moved = Update(data, SquaredDistances(data, centroids).argmin(1), centroids, k);
                double shift = (moved - centroids).square().sum().item<double>();
                centroids = moved.MoveToOuterDisposeScope();
                if (shift <= threshold) break;
            }
            var d2 = SquaredDistances(data, centroids);
            var labels = d2.argmin(1);
            double inertia = d2.gather(1, labels.unsqueeze(1)).sum().item<double>();
            if (inertia < bestInertia)
            {
                (best, bestLabels, bestInertia, bestIterations) = (centroids.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope(), inertia, iter);
            }
        }
        var result = bestLabels!.to(ScalarType.Int32).cpu().data<int>().ToArray();
        return new KMeans(best!.to(x.dtype), result, bestInertia, bestIterations);
    }

    /// <summary>The nearest centre of each row of <paramref name="x"/> (N, D).</summary>
    public int[] Predict(Tensor x)
    {
        using var scope = NewDisposeScope();
        var data = x.to(ScalarType.Float64);
        return SquaredDistances(data, Centroids.to(ScalarType.Float64).to(data.device)).argmin(1).to(ScalarType.Int32).cpu().data<int>().ToArray();
    }

    static Tensor SquaredDistances(Tensor x, Tensor c) =>
        (x.square().sum(1, keepdim: true) - 2 * x.matmul(c.t()) + c.square().sum(1).unsqueeze(0)).clamp_min(0);

    /// <summary>k-means++: the first centre uniformly, each next one with probability proportional to D(x)², the squared distance to the nearest centre so far.</summary>
    static Tensor PlusPlus(Tensor x, int k, Random random)
    {
        long n = x.shape[0];
        var chosen = new List<long> { random.NextInt64(n) };
        var nearest = SquaredDistances(x, x[chosen[0]].unsqueeze(0)).squeeze(1);
        for (int c = 1; c < k; c++)
        {
            NotebookInterrupt.ThrowIfRequested();
            var weights = nearest.cpu().data<double>().ToArray();
            double total = weights.Sum();
            long pick;
            if (total <= 0) pick = random.NextInt64(n);   // all points coincide with centres
            else
            {
                double u = random.NextDouble() * total, acc = 0;
                pick = n - 1;
                for (long i = 0; i < n; i++)
                {
                    acc += weights[i];
                    if (acc >= u && weights[i] > 0) { pick = i; break; }
                }
            }
            chosen.Add(pick);
            nearest = minimum(nearest, SquaredDistances(x, x[pick].unsqueeze(0)).squeeze(1));
        }
        return x.index_select(0, tensor(chosen.ToArray(), device: x.device)).clone();
    }

    /// <summary>New centres as cluster means; an empty cluster takes the point farthest from its centre.</summary>
    static Tensor Update(Tensor x, Tensor labels, Tensor old, int k)
    {
        var sums = zeros_like(old).index_add(0, labels, x, 1);
        var counts = zeros(k, ScalarType.Float64, device: x.device).index_add(0, labels, ones_like(labels, ScalarType.Float64), 1);
        var centres = sums / counts.clamp_min(1).unsqueeze(1);
        var countArray = counts.cpu().data<double>().ToArray();
        if (countArray.All(c => c > 0)) return centres;
        var far = SquaredDistances(x, old).gather(1, labels.unsqueeze(1)).squeeze(1);
        for (int c = 0; c < k; c++)
        {
            if (countArray[c] > 0) continue;
            long i = far.argmax().item<long>();
            centres[c] = x[i];
            far[i] = 0;
        }
        return centres;
    }
}
