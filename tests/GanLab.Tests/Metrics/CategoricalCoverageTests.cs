using GanLab.Metrics;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class CategoricalCoverageTests
{
    public CategoricalCoverageTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void One_class_out_of_ten_balanced_classes_covers_one_with_kl_ln_10()
    {
        var real = arange(60000).remainder(10);               // 6,000 per class, as Fashion-MNIST
        var collapsed = full(1000, 7L);
        var result = CategoricalCoverage.Evaluate(collapsed, real);
        Assert.Equal(10, result.RealCategories);
        Assert.Equal(1, result.Covered);
        Assert.Equal(Math.Log(10), result.Kl, 3);
        Assert.Equal(1000, result.GeneratedCounts["7"]);
    }

    [Fact]
    public void Kl_matches_a_hand_computed_value_without_smoothing()
    {
        // p_gen = (1/2, 1/2, 0), p_real = (1/4, 1/4, 1/2): KL = 2 · ½ ln 2 = ln 2.
        var result = CategoricalCoverage.Evaluate(new[] { "a", "b" }, new[] { "a", "b", "c", "c" }, smoothing: 0);
        Assert.Equal(Math.Log(2), result.Kl, 12);
        Assert.Equal(2, result.Covered);
        // A category the real set lacks: infinite without smoothing, finite with it.
        Assert.True(double.IsPositiveInfinity(CategoricalCoverage.Evaluate(new[] { "d" }, new[] { "a" }, smoothing: 0).Kl));
        var smoothed = CategoricalCoverage.Evaluate(new[] { "d" }, new[] { "a" }, smoothing: 0.5);
        Assert.Equal(Math.Log(1 / (0.5 / 2.0)), smoothed.Kl, 12);      // p_real(d) = 0.5 / (1 + 2 · 0.5)
        Assert.Equal(1, smoothed.GeneratedOnly);
    }

    [Fact]
    public void Attribute_combinations_are_the_categories_and_matching_samples_score_near_zero()
    {
        var g = new Generator(6);
        // Three attributes with 3, 2 and 4 values: 24 combinations, drawn independently and unevenly.
        Tensor Draw(long n) => stack(new[]
        {
            multinomial(tensor(new[] { 0.5f, 0.3f, 0.2f }), n, true, generator: g),
            multinomial(tensor(new[] { 0.7f, 0.3f }), n, true, generator: g),
            multinomial(tensor(new[] { 0.4f, 0.3f, 0.2f, 0.1f }), n, true, generator: g),
        }, 1);
        var real = Draw(20000);
        var result = CategoricalCoverage.Evaluate(Draw(5000), real);
        Assert.Equal(24, result.RealCategories);
        Assert.Equal(24, result.Covered);
        Assert.True(result.Kl < 0.01, $"KL {result.Kl}");
        Assert.Equal(new[] { "2,0,1", "0,1,3" }, CategoricalCoverage.Keys(tensor(new long[,] { { 2, 0, 1 }, { 0, 1, 3 } })));
        // Dropping every sample with the third attribute's last value loses 6 combinations.
        var generated = Draw(5000);
        var missing = CategoricalCoverage.Evaluate(generated[generated[.., 2] != 3], real);
        Assert.Equal(18, missing.Covered);
        Assert.True(missing.Kl > 0.08);
    }
}
