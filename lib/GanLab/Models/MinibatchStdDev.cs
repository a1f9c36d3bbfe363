using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>
/// ProGAN's minibatch standard deviation layer: appends one feature map holding the average (over features and
/// pixels) of each feature's standard deviation across the batch, so D can see a batch that lacks variety
/// (a collapsed generator).
/// </summary>
public sealed class MinibatchStdDev : nn.Module<Tensor, Tensor>
{
    // Cached: a Scalar made per call can be freed by another thread's GC while libtorch reads it (TorchSharp 0.107,
    // dotnet/TorchSharp#1434); add's alpha is given (One) because add(x) would make one for it.
    static readonly Scalar One = 1, Two = 2, Epsilon = 1e-8;

    /// <summary>Creates the (parameter-free) layer.</summary>
    public MinibatchStdDev() : base(nameof(MinibatchStdDev)) { }

    /// <summary>(N, C, H, W) → (N, C + 1, H, W).</summary>
    public override Tensor forward(Tensor x)
    {
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        var y = x - x.mean(new long[] { 0 }, keepdim: true);
        var std = y.pow(Two).mean(new long[] { 0 }).add(Epsilon, One).sqrt().mean();   // one number for the batch
        return cat(new[] { x, std.view(1, 1, 1, 1).expand(n, 1, h, w) }, 1);
    }
}
