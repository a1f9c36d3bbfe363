using GanLab.Metrics;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class KernelDistanceTests
{
    public KernelDistanceTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Matches_the_population_mmd_of_two_gaussians()
    {
        // In one dimension k(x, y) = (xy + 1)³ = x³y³ + 3x²y² + 3xy + 1, so MMD² = Σ_p c_p (E[x^p] − E[y^p])²:
        // for N(0, 1) and N(1, 1) the moments (p = 1, 2, 3) are (0, 1, 0) and (1, 2, 4): 3·1 + 3·1 + 1·16 = 22.
        var g = new Generator(4);
        var x = randn(new long[] { 20000, 1 }, ScalarType.Float64, generator: g);
        var y = randn(new long[] { 20000, 1 }, ScalarType.Float64, generator: g) + 1;
        var (mean, std) = KernelDistance.Compute(x, y, subsets: 50, subsetSize: 1000, seed: 1);
        Assert.InRange(mean, 22 * 0.9, 22 * 1.1);
        Assert.True(std > 0);
    }

    [Fact]
    public void Same_distribution_is_near_zero_and_the_estimate_is_unbiased_around_it()
    {
        var g = new Generator(5);
        var x = randn(new long[] { 5000, 8 }, generator: g);
        var y = randn(new long[] { 5000, 8 }, generator: g);
        var (same, std) = KernelDistance.Compute(x, y, subsets: 40, subsetSize: 500, seed: 2);
        Assert.True(Math.Abs(same) < 3 * std / Math.Sqrt(40) + 1e-3, $"mean {same}, std {std}");
        var (shifted, _) = KernelDistance.Compute(x, y + 0.5, subsets: 40, subsetSize: 500, seed: 2);
        Assert.True(shifted > 20 * Math.Abs(same) && shifted > 0.01, $"shifted {shifted}, same {same}");
    }
}
