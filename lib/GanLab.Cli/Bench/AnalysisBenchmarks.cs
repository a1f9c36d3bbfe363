using System.Diagnostics;
using GanLab.Analysis;
using static TorchSharp.torch;

namespace GanLab.Cli.Bench;

/// <summary>Speed of the projections: t-SNE on a feature-sized set.</summary>
public static class AnalysisBenchmarks
{
    /// <summary>
    /// analysis.tsne5000_s: seconds for a full t-SNE (Barnes-Hut, 1,000 iterations, perplexity 30) of 5,000 points
    /// in 50 dimensions (10 Gaussian blobs) to 2, and the embedding's trustworthiness (k = 10). With --quick it embeds 1,000 points and reports analysis.tsne1000_s.
    /// </summary>
    public static Benchmark Tsne5000 { get; } = new(
        new[] { "analysis.tsne5000_s", "analysis.tsne5000_trustworthiness", "analysis.tsne1000_s", "analysis.tsne1000_trustworthiness" },
        "t-SNE, 5,000 points (1,000 with --quick), 50 → 2 dimensions, Barnes-Hut θ 0.5, 1,000 iterations",
        ctx =>
        {
            int n = ctx.Quick ? 1000 : 5000;
            using var scope = NewDisposeScope();
            var g = new Generator(1);
            var means = rand(new long[] { 10, 50 }, generator: g) * 20 - 10;
            var x = means.index_select(0, arange(n).remainder(10)) + randn(new long[] { n, 50 }, generator: g) * 2;
            var watch = Stopwatch.StartNew();
            var y = Tsne.FitTransform(x, new TsneOptions { Seed = 1 });
            double seconds = watch.Elapsed.TotalSeconds;
            if (y.isnan().any().item<bool>()) throw new InvalidOperationException("t-SNE produced NaN coordinates.");
            // Speed means nothing without quality: how well the picture keeps each point's 10 nearest neighbours.
            double trust = Trustworthiness.Compute(x, y, k: 10);
            return new[] { new BenchResult($"analysis.tsne{n}_s", seconds, "s"), new BenchResult($"analysis.tsne{n}_trustworthiness", trust, "") };
        });
}
