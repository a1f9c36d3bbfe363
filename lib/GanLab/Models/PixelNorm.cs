using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>ProGAN's pixelwise feature normalisation: each pixel's feature vector is divided by its root mean square (used in G instead of batch norm).</summary>
public sealed class PixelNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the (parameter-free) layer.</summary>
    public PixelNorm() : base(nameof(PixelNorm)) { }

    /// <summary>(N, C, H, W) → same shape, unit mean square over C at every pixel.</summary>
    public override Tensor forward(Tensor x) => x / x.pow(2).mean(new long[] { 1 }, keepdim: true).add(1e-8).sqrt();
}
