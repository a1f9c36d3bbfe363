using static TorchSharp.torch;

namespace GanLab.Tests.Analysis;

/// <summary>Seeded isotropic Gaussian blobs (as scikit-learn's make_blobs) for clustering and embedding tests.</summary>
internal static class Blobs
{
    /// <summary>n points in <paramref name="dims"/> dimensions around <paramref name="centres"/> centres drawn in [-10, 10]^dims; returns (x, labels).</summary>
    public static (Tensor X, int[] Labels) Make(int n, int dims, int centres, double std = 1.0, int seed = 0)
    {
        var g = new Generator((ulong)seed);
        var means = rand(new long[] { centres, dims }, generator: g) * 20 - 10;
        var labels = Enumerable.Range(0, n).Select(i => i % centres).ToArray();
        var idx = tensor(labels.Select(l => (long)l).ToArray());
        var x = means.index_select(0, idx) + randn(new long[] { n, dims }, generator: g) * std;
        return (x, labels);
    }
}
