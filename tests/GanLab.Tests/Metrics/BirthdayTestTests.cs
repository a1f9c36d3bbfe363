using GanLab.Metrics;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class BirthdayTestTests
{
    public BirthdayTestTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void The_support_of_a_generator_with_a_known_finite_support_is_bracketed()
    {
        const int support = 1000;
        var g = new Generator(7);
        // 1,000 distinct "images" (3x8x8); each draw picks one uniformly and adds a little noise.
        var bank = randn(new long[] { support, 3, 8, 8 }, generator: g);
        Tensor Sample(int n) => bank.index_select(0, randint(support, new long[] { n }, generator: g)) + randn(new long[] { n, 3, 8, 8 }, generator: g) * 0.001;
        // Distinct bank images are ~√(2·192) ≈ 20 apart; duplicates ~0.03.
        var result = BirthdayTest.EstimateSupport(Sample, threshold: 1.0, trials: 60);
        Assert.NotNull(result.BatchSize);
        Assert.InRange(support, result.Lower, result.Upper!.Value);
        Assert.InRange(result.Estimate!.Value, support / 2.0, support * 2.0);
        Assert.True(result.Pairs[0].Distance < 1.0);
    }

    [Fact]
    public void One_mode_duplicates_at_once_and_a_continuous_generator_never()
    {
        var g = new Generator(8);
        var one = randn(new long[] { 1, 16 }, generator: g);
        var collapsed = BirthdayTest.EstimateSupport(n => one.expand(n, 16) + randn(new long[] { n, 16 }, generator: g) * 1e-3, threshold: 0.5, trials: 5);
        Assert.Equal(8, collapsed.BatchSize);
        Assert.True(collapsed.Upper <= 64);
        var diverse = BirthdayTest.EstimateSupport(n => randn(new long[] { n, 16 }, generator: g), threshold: 0.5, batchSizes: new[] { 16, 64, 256 }, trials: 3);
        Assert.Null(diverse.BatchSize);
        Assert.Equal(256 * 255 / (2 * Math.Log(2)), diverse.Lower, 6);
        Assert.All(diverse.Rates, r => Assert.Equal(0.0, r.DuplicateRate));
    }

    [Fact]
    public void Closest_pairs_are_found_and_sorted()
    {
        var x = tensor(new float[,] { { 0, 0 }, { 10, 0 }, { 0.5f, 0 }, { 10, 2 } });
        var pairs = BirthdayTest.ClosestPairs(x, 3);
        Assert.Equal(new ClosestPair(0, 2, 0.5), pairs[0]);
        Assert.Equal((1, 3), (pairs[1].First, pairs[1].Second));
        Assert.Equal(2.0, pairs[1].Distance, 6);
        Assert.Equal(3, pairs.Count);
    }
}
