using GanLab.Analysis;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Analysis;

public class PcaTests
{
    public PcaTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Projection_and_variances_agree_with_a_direct_svd_up_to_sign()
    {
        var g = new Generator(3);
        // Correlated data: a random linear map of anisotropic noise, plus an offset.
        var x = (randn(new long[] { 200, 6 }, ScalarType.Float64, generator: g) * tensor(new[] { 5.0, 3, 2, 1, 0.5, 0.1 }))
            .matmul(randn(new long[] { 6, 6 }, ScalarType.Float64, generator: g)) + 7;
        var pca = Pca.Fit(x, 3);
        var centred = x - x.mean(new long[] { 0 });
        var (u, s, vh) = linalg.svd(centred, fullMatrices: false);
        var expected = (u * s)[.., ..3];               // scores from the direct SVD
        var actual = pca.Transform(x);
        for (int c = 0; c < 3; c++)
        {
            var sign = (actual[.., c] * expected[.., c]).sum().sign();
            Assert.True(allclose(actual[.., c], expected[.., c] * sign, rtol: 1e-8, atol: 1e-8), $"component {c} differs");
            Assert.True(allclose(pca.Components[c].abs(), vh[c].abs(), rtol: 1e-8, atol: 1e-10));
        }
        Assert.True(allclose(pca.ExplainedVariance, s[..3].square() / 199, rtol: 1e-10));
        Assert.True(allclose(pca.ExplainedVarianceRatio, s[..3].square() / s.square().sum(), rtol: 1e-10));
        // Components are orthonormal.
        Assert.True(allclose(pca.Components.matmul(pca.Components.t()), eye(3, dtype: ScalarType.Float64), atol: 1e-10));
    }

    [Fact]
    public void All_components_reconstruct_the_data_and_a_refit_gives_the_same_signs()
    {
        var x = randn(new long[] { 50, 4 }, generator: new Generator(5));
        var pca = Pca.Fit(x, 4);
        Assert.True(allclose(pca.InverseTransform(pca.Transform(x)), x, atol: 1e-5));
        var again = Pca.Fit(x * 1.0, 4);
        Assert.True(allclose(pca.Components, again.Components));
        Assert.Equal(1.0, pca.ExplainedVarianceRatio.sum().item<float>(), 5);
    }

    [Fact]
    public void Bad_shapes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Pca.Fit(randn(10), 1));
        Assert.Throws<ArgumentException>(() => Pca.Fit(randn(10, 3), 4));
    }
}
