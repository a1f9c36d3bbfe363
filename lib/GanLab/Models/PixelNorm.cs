using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>ProGAN's pixelwise feature normalisation: each pixel's feature vector is divided by its root mean square (used in G instead of batch norm).</summary>
public sealed class PixelNorm : nn.Module<Tensor, Tensor>
{
    // Cached: a Scalar made per call can be freed by another thread's GC while libtorch reads it (TorchSharp 0.107,
    // dotnet/TorchSharp#1434). x.pow(2) and x.add(1e-8) would each make one, and add makes a second for its alpha = 1,
    // hence add(Epsilon, One). (TorchSharp's own Adam.step still makes such Scalars; we cannot change that.)
    static readonly Scalar One = 1, Two = 2, Epsilon = 1e-8;

    /// <summary>Creates the (parameter-free) layer.</summary>
    public PixelNorm() : base(nameof(PixelNorm)) { }

    /// <summary>(N, C, H, W) → same shape, unit mean square over C at every pixel.</summary>
    public override Tensor forward(Tensor x) => x / x.pow(Two).mean(new long[] { 1 }, keepdim: true).add(Epsilon, One).sqrt();
}
