using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>
/// A convolution with ProGAN's equalised learning rate: weights are drawn from N(0, 1) and scaled at run time by
/// He's constant sqrt(2 / fan_in), so Adam's per-parameter step sizes move every layer at the same speed.
/// </summary>
public sealed class EqualizedConv2d : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter bias;
    // Cached: weight * (a double) would make a Scalar per call, which another thread's GC can free while libtorch reads
    // it (TorchSharp 0.107, dotnet/TorchSharp#1434); this one is made once, in the constructor.
    readonly Scalar _scale;   // He's constant sqrt(2 / fan_in)
    readonly long _padding;

    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Square kernel side.</param>
    /// <param name="padding">Zero padding on each side.</param>
    public EqualizedConv2d(long inChannels, long outChannels, long kernelSize, long padding = 0) : base(nameof(EqualizedConv2d))
    {
        weight = new Parameter(randn(outChannels, inChannels, kernelSize, kernelSize));
        bias = new Parameter(zeros(outChannels));
        _scale = Math.Sqrt(2.0 / (inChannels * kernelSize * kernelSize)).ToScalar();
        _padding = padding;
        RegisterComponents();
    }

    /// <summary>(N, in, H, W) → (N, out, H', W').</summary>
    public override Tensor forward(Tensor x) =>
        nn.functional.conv2d(x, weight * _scale, bias, padding: new[] { _padding, _padding });
}
