using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>A linear layer with ProGAN's equalised learning rate (weights N(0, 1), scaled by sqrt(2 / fan_in) at run time).</summary>
public sealed class EqualizedLinear : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter bias;
    // Cached: weight * (a double) would make a Scalar per call, which another thread's GC can free while libtorch reads
    // it (TorchSharp 0.107, dotnet/TorchSharp#1434); this one is made once, in the constructor.
    readonly Scalar _scale;   // He's constant sqrt(2 / fan_in)

    /// <param name="inFeatures">Input features.</param>
    /// <param name="outFeatures">Output features.</param>
    public EqualizedLinear(long inFeatures, long outFeatures) : base(nameof(EqualizedLinear))
    {
        weight = new Parameter(randn(outFeatures, inFeatures));
        bias = new Parameter(zeros(outFeatures));
        _scale = Math.Sqrt(2.0 / inFeatures).ToScalar();
        RegisterComponents();
    }

    /// <summary>(N, in) → (N, out).</summary>
    public override Tensor forward(Tensor x) => nn.functional.linear(x, weight * _scale, bias);
}
