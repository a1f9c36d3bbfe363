using GanLab.Metrics;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class FrechetDistanceTests
{
    public FrechetDistanceTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    static FeatureStatistics Stats(double[] mean, double[,] cov) =>
        new(tensor(mean), tensor(cov), 1000);

    [Fact]
    public void One_dimension_is_the_squared_mean_gap_plus_the_squared_std_gap()
    {
        // Between N(1, 2²) and N(4, 5²): (1 − 4)² + (2 − 5)² = 18.
        double d = FrechetDistance.Between(Stats(new[] { 1.0 }, new double[,] { { 4 } }), Stats(new[] { 4.0 }, new double[,] { { 25 } }));
        Assert.Equal(18.0, d, 10);
    }

    [Fact]
    public void Non_commuting_covariances_match_the_two_by_two_closed_form()
    {
        // For 2x2 matrices with positive eigenvalues, Tr(√M) = √(tr M + 2√det M), with M = C1·C2.
        var c1 = new double[,] { { 2, 0.8 }, { 0.8, 1 } };
        var c2 = new double[,] { { 1, -0.3 }, { -0.3, 3 } };
        double tr12 = c1[0, 0] * c2[0, 0] + c1[0, 1] * c2[1, 0] + c1[1, 0] * c2[0, 1] + c1[1, 1] * c2[1, 1];
        double det12 = (c1[0, 0] * c1[1, 1] - c1[0, 1] * c1[1, 0]) * (c2[0, 0] * c2[1, 1] - c2[0, 1] * c2[1, 0]);
        double expected = 1 + 4 + (2 + 1) + (1 + 3) - 2 * Math.Sqrt(tr12 + 2 * Math.Sqrt(det12));   // ‖(1,−2)‖² = 5
        double d = FrechetDistance.Between(Stats(new[] { 0.0, 0 }, c1), Stats(new[] { 1.0, -2 }, c2));
        Assert.Equal(expected, d, 10);
    }

    [Fact]
    public void The_symmetric_form_equals_the_trace_of_the_square_root_of_c1_c2()
    {
        // Reference: Tr((C1 C2)^½) as the sum of square roots of C1 C2's (real, positive) eigenvalues.
        var g = new Generator(1);
        var a = randn(new long[] { 8, 8 }, ScalarType.Float64, generator: g);
        var b = randn(new long[] { 8, 8 }, ScalarType.Float64, generator: g);
        var c1 = a.matmul(a.t()) + 0.1 * eye(8, dtype: ScalarType.Float64);
        var c2 = b.matmul(b.t()) + 0.1 * eye(8, dtype: ScalarType.Float64);
        double reference = linalg.eigvals(c1.matmul(c2)).real.sqrt().sum().item<double>();
        Assert.Equal(reference, FrechetDistance.TraceSqrtProduct(c1, c2), 8);
    }

    [Fact]
    public void Identical_sets_score_zero_and_a_shift_scores_its_squared_length()
    {
        var f = randn(new long[] { 500, 16 }, generator: new Generator(2));
        Assert.Equal(0.0, FrechetDistance.Compute(f, f), 6);
        var shift = arange(16, dtype: ScalarType.Float32) / 8;     // ‖shift‖² = Σ (k/8)² = 1240/64
        Assert.Equal(1240.0 / 64, FrechetDistance.Compute(f, f + shift), 3);
    }

    [Fact]
    public void Real_data_scores_at_the_real_vs_real_baseline_and_a_biased_generator_does_not()
    {
        var g = new Generator(3);
        var mix = randn(new long[] { 12, 12 }, generator: g) / 3;
        Tensor Real(long n) => randn(new long[] { n, 12 }, generator: g).matmul(mix) + 1;
        var real = Real(4000);
        double baseline = FrechetDistance.RealVsReal(real, seed: 1);
        // A "generator" that samples the true distribution, compared at the baseline's size (2,000 vs 2,000).
        var realHalf = real[..2000];
        double fresh = FrechetDistance.Compute(Real(2000), realHalf);
        Assert.InRange(fresh / baseline, 0.5, 2.0);
        // A generator with half the variance is clearly worse.
        double narrow = FrechetDistance.Compute((Real(2000) - 1) * 0.5 + 1, realHalf);
        Assert.True(narrow > 10 * baseline, $"narrow {narrow}, baseline {baseline}");
    }

    [Fact]
    public void Too_few_samples_for_the_feature_dimension_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(randn(64, 64), randn(100, 64)));
        Assert.Contains("more samples than feature dimensions", e.Message);
        Assert.Contains("N = 64", e.Message);
    }
}
