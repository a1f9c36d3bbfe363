using GanLab.Analysis;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Analysis;

public class KMeansTests
{
    public KMeansTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Gaussian_blobs_are_recovered()
    {
        var (x, truth) = Blobs.Make(600, 10, 6, std: 1.5, seed: 1);
        var km = KMeans.Fit(x, 6, seed: 2);
        Assert.True(ClusteringScores.AdjustedRandIndex(km.Labels, truth) >= 0.95, $"ARI {ClusteringScores.AdjustedRandIndex(km.Labels, truth)}");
        Assert.True(ClusteringScores.Purity(km.Labels, truth) >= 0.97);
        Assert.Equal(new long[] { 6, 10 }, km.Centroids.shape);
        Assert.Equal(km.Labels, km.Predict(x));
    }

    [Fact]
    public void Same_seed_same_clustering_and_restarts_never_hurt()
    {
        var (x, _) = Blobs.Make(300, 2, 8, std: 2.5, seed: 4);
        var a = KMeans.Fit(x, 8, nInit: 3, seed: 7);
        var b = KMeans.Fit(x, 8, nInit: 3, seed: 7);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Inertia, b.Inertia, 9);
        var one = KMeans.Fit(x, 8, nInit: 1, seed: 7);
        Assert.True(a.Inertia <= one.Inertia + 1e-9);
        // Inertia is the sum of squared distances to the assigned centres.
        var d = (x - a.Centroids.index_select(0, tensor(a.Labels.Select(l => (long)l).ToArray()))).square().sum().item<float>();
        Assert.Equal(a.Inertia, d, 1);
    }

    [Fact]
    public void More_clusters_than_distinct_points_still_ends_with_zero_inertia()
    {
        var x = tensor(new float[] { 0, 0, 0, 5, 5, 5, 9, 9, 9, 9 }).unsqueeze(1);
        var km = KMeans.Fit(x, 5, nInit: 2, seed: 1);
        Assert.Equal(0.0, km.Inertia, 9);
        Assert.Equal(km.Labels[0], km.Labels[2]);
        Assert.NotEqual(km.Labels[0], km.Labels[3]);
        Assert.False(km.Centroids.isnan().any().item<bool>());
    }

    [Fact]
    public void Adjusted_rand_index_and_purity_match_hand_computed_values()
    {
        // scikit-learn's documented example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714...
        Assert.Equal(4.0 / 7.0, ClusteringScores.AdjustedRandIndex(new[] { 0, 0, 1, 2 }, new[] { 0, 0, 1, 1 }), 10);
        Assert.Equal(1.0, ClusteringScores.AdjustedRandIndex(new[] { 5, 5, 3, 3, 9 }, new[] { 0, 0, 1, 1, 2 }), 10);
        // Clusters {0,0,1} and {1,1,1}: majorities 2 and 3 of 6.
        Assert.Equal(5.0 / 6.0, ClusteringScores.Purity(new[] { 0, 0, 0, 1, 1, 1 }, new[] { 0, 0, 1, 1, 1, 1 }), 10);
        // Unrelated labelings score near 0.
        var random = new Random(1);
        var a = Enumerable.Range(0, 2000).Select(_ => random.Next(5)).ToArray();
        var b = Enumerable.Range(0, 2000).Select(_ => random.Next(5)).ToArray();
        Assert.InRange(ClusteringScores.AdjustedRandIndex(a, b), -0.02, 0.02);
    }
}
