using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Analysis;

/// <summary>
/// Principal component analysis through the singular value decomposition of the centred data
/// (as scikit-learn's PCA): <c>Fit</c> learns the mean and the top directions, <c>Transform</c> projects onto them.
/// </summary>
/// <example><code>
/// var pca = Pca.Fit(features, components: 50);      // features (N, D)
/// var reduced = pca.Transform(features);           // (N, 50)
/// </code></example>
public sealed class Pca
{
    Pca(Tensor mean, Tensor components, Tensor variance, Tensor ratio)
    {
        Mean = mean.DetachFromDisposeScope();
        Components = components.DetachFromDisposeScope();
        ExplainedVariance = variance.DetachFromDisposeScope();
        ExplainedVarianceRatio = ratio.DetachFromDisposeScope();
    }

    /// <summary>The mean of the fitted data, (D).</summary>
    public Tensor Mean { get; }

    /// <summary>The principal directions as rows, (k, D), unit length; each row's largest entry (in size) is positive.</summary>
    public Tensor Components { get; }

    /// <summary>Variance of the data along each component (squared singular value / (N − 1)), (k).</summary>
    public Tensor ExplainedVariance { get; }

    /// <summary>Share of the total variance along each component, (k).</summary>
    public Tensor ExplainedVarianceRatio { get; }

    /// <summary>Learns the mean and the first <paramref name="components"/> principal directions of <paramref name="x"/> (N, D).</summary>
    public static Pca Fit(Tensor x, int components)
    {
        if (x.dim() != 2) throw new ArgumentException($"PCA needs a (N, D) matrix; got shape [{string.Join(", ", x.shape)}].", nameof(x));
        long n = x.shape[0], d = x.shape[1];
        if (components < 1 || components > Math.Min(n, d))
            throw new ArgumentException($"components must be between 1 and min(N, D) = {Math.Min(n, d)}; got {components}.", nameof(components));
        using var scope = NewDisposeScope();
        var x64 = x.to(ScalarType.Float64);
        var mean = x64.mean(new long[] { 0 });
        var (_, s, vh) = linalg.svd(x64 - mean, fullMatrices: false);
        var top = vh[..components];
        // Sign convention: the largest loading of each direction is positive, so a refit gives the same axes.
        var largest = top.gather(1, top.abs().argmax(1, keepdim: true));
        top = top * largest.sign();
        var variance = s.square() / Math.Max(1, n - 1);
        var ratio = variance / variance.sum();
        var dtype = x.dtype;
        return new Pca(mean.to(dtype), top.to(dtype), variance[..components].to(dtype), ratio[..components].to(dtype));
    }

    /// <summary>Fits on <paramref name="x"/> and returns its projection, (N, components).</summary>
    public static Tensor FitTransform(Tensor x, int components) => Fit(x, components).Transform(x);

    /// <summary>Projects <paramref name="x"/> (N, D) onto the components: (x − mean) · Componentsᵀ, (N, k).</summary>
    public Tensor Transform(Tensor x)
    {
        using var scope = NewDisposeScope();
        var device = x.device;
        return (x.to(Mean.dtype) - Mean.to(device)).matmul(Components.to(device).t()).MoveToOuterDisposeScope();
    }

    /// <summary>Maps projections (N, k) back into the input space: y · Components + mean, (N, D).</summary>
    public Tensor InverseTransform(Tensor y)
    {
        using var scope = NewDisposeScope();
        var device = y.device;
        return (y.to(Mean.dtype).matmul(Components.to(device)) + Mean.to(device)).MoveToOuterDisposeScope();
    }
}
