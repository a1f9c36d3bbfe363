using GanLab.Metrics;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class ModeCoverageTests
{
    public ModeCoverageTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    static Tensor Sample(Tensor means, double std, int n, Generator g, Tensor? modes = null)
    {
        var pick = modes ?? randint(means.shape[0], new long[] { n }, generator: g);
        return means.index_select(0, pick) + randn(new long[] { n, 2 }, generator: g) * std;
    }

    [Fact]
    public void Real_samples_cover_every_mode_with_the_gaussian_share_of_high_quality()
    {
        var g = new Generator(1);
        var ring = ModeCoverage.RingMeans();
        var result = ModeCoverage.Evaluate(Sample(ring, 0.01, 2500, g), ring, 0.01);
        Assert.Equal(8, result.ModesCovered);
        // P(‖x − μ‖ < 3σ) for a 2-D isotropic Gaussian is 1 − e^(−9/2) = 0.9889.
        Assert.InRange(result.HighQualityFraction, 0.9889 - 0.01, 0.9889 + 0.01);
        var grid = ModeCoverage.GridMeans();
        Assert.Equal(25, ModeCoverage.Evaluate(Sample(grid, 0.05, 2500, g), grid, 0.05).ModesCovered);
    }

    [Fact]
    public void A_generator_that_returns_one_mode_scores_one_mode()
    {
        var g = new Generator(2);
        var ring = ModeCoverage.RingMeans();
        var collapsed = Sample(ring, 0.01, 2500, g, full(2500, 3L));
        var result = ModeCoverage.Evaluate(collapsed, ring, 0.01);
        Assert.Equal(1, result.ModesCovered);
        Assert.Equal(result.HighQualityPerMode.Sum(), result.HighQualityPerMode[3]);
        Assert.True(result.HighQualityFraction > 0.97);
    }

    [Fact]
    public void Samples_between_modes_are_low_quality_and_capture_nothing()
    {
        var g = new Generator(3);
        var ring = ModeCoverage.RingMeans();
        // A blurry generator: right centres, ten times the spread.
        var blurry = ModeCoverage.Evaluate(Sample(ring, 0.1, 2500, g), ring, 0.01);
        Assert.InRange(blurry.HighQualityFraction, 0.0, 0.1);
        // Points on the unit circle halfway between modes: all low quality, no mode captured.
        var angles = (arange(8, dtype: ScalarType.Float32) + 0.5f) * (2 * Math.PI / 8);
        var between = stack(new[] { angles.cos(), angles.sin() }, 1);
        var none = ModeCoverage.Evaluate(between, ring, 0.01);
        Assert.Equal(0, none.ModesCovered);
        Assert.Equal(0.0, none.HighQualityFraction);
        Assert.Equal(new[] { 1.0, 0.0 }, ModeCoverage.RingMeans(4)[0].to(ScalarType.Float64).data<double>().ToArray());
        Assert.Equal(new[] { -4.0, -4.0 }, ModeCoverage.GridMeans()[0].to(ScalarType.Float64).data<double>().ToArray());
    }
}
