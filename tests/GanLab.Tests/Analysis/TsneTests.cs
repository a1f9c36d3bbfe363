using GanLab.Analysis;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Analysis;

public class TsneTests
{
    public TsneTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Theory]
    [InlineData(0.5)]   // Barnes-Hut
    [InlineData(0.0)]   // exact
    public void Blobs_keep_their_neighbourhoods(double theta)
    {
        var (x, truth) = Blobs.Make(300, 20, 5, std: 1.0, seed: 3);
        var y = Tsne.FitTransform(x, new TsneOptions { Perplexity = 20, Theta = theta, Seed = 1 });
        Assert.Equal(new long[] { 300, 2 }, y.shape);
        Assert.False(y.isnan().any().item<bool>());
        double t = Trustworthiness.Compute(x, y, k: 10);
        Assert.True(t >= 0.9, $"trustworthiness {t}");
        // The clusters stay separate: k-means in 2-D finds them again.
        Assert.True(ClusteringScores.AdjustedRandIndex(KMeans.Fit(y, 5, seed: 1).Labels, truth) >= 0.95);
    }

    [Fact]
    public void Same_seed_same_embedding()
    {
        var (x, _) = Blobs.Make(200, 10, 4, seed: 8);
        var options = new TsneOptions { Perplexity = 15, Iterations = 300, PcaInit = false, Seed = 3 };
        var a = Tsne.FitTransform(x, options);
        Assert.True(a.eq(Tsne.FitTransform(x, options)).all().item<bool>());
        Assert.False(a.eq(Tsne.FitTransform(x, options with { Seed = 4 })).all().item<bool>());
    }

    [Fact]
    public void Calibration_reaches_the_perplexity()
    {
        var random = new Random(2);
        var d2 = Enumerable.Range(0, 90).Select(_ => random.NextDouble() * 50).ToArray();
        var p = new double[90];
        Tsne.Calibrate(d2, 30, p);
        double entropy = -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
        Assert.Equal(Math.Log(30), entropy, 4);
        Assert.Equal(1.0, p.Sum(), 10);
    }

    [Fact]
    public void Barnes_hut_gradient_matches_the_exact_one_when_theta_is_small()
    {
        var (x, _) = Blobs.Make(120, 5, 3, seed: 5);
        var p = Tsne.DenseAffinities(x, 10);
        var random = new Random(3);
        var y = Enumerable.Range(0, 240).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var exact = new double[240];
        var tree = new double[240];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 2 };
        Tsne.ExactGradient(p, y, 120, 1, exact, parallel);
        Tsne.BarnesHutGradient(p, y, 120, 1, 1e-3, tree, parallel);
        for (int e = 0; e < 240; e++) Assert.Equal(exact[e], tree[e], 9);
        Tsne.BarnesHutGradient(p, y, 120, 1, 0.5, tree, parallel);
        double err = exact.Zip(tree, (a, b) => (a - b) * (a - b)).Sum(), size = exact.Sum(a => a * a);
        Assert.True(err < 0.01 * size, $"relative error {Math.Sqrt(err / size)}");
    }

    [Fact]
    public void Trustworthiness_is_one_for_the_data_itself_and_low_for_noise()
    {
        var (x, _) = Blobs.Make(200, 8, 4, seed: 6);
        Assert.Equal(1.0, Trustworthiness.Compute(x, x, 5), 10);
        var noise = randn(new long[] { 200, 2 }, generator: new Generator(1));
        Assert.True(Trustworthiness.Compute(x, noise, 5) < 0.7);
    }
}
