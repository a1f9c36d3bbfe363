using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>
/// max(0, x) + slope · min(0, x), as <c>torch.nn.LeakyReLU</c> computes it (the same libtorch call, so the same numbers),
/// but with its slope made into a Scalar once. TorchSharp 0.107's own module turns the slope into a new Scalar on every
/// call, which another thread's garbage collection can free while libtorch reads it (dotnet/TorchSharp#1434); every
/// GanLab model uses this one instead. No parameters, so checkpoints and state dicts are unchanged.
/// </summary>
public sealed class LeakyReLU : nn.Module<Tensor, Tensor>
{
    readonly Scalar _slope;   // held as long as the module: libtorch always reads a live Scalar
    readonly bool _inplace;

    /// <summary>Creates the layer; <paramref name="inplace"/> overwrites its input, as PyTorch's does.</summary>
    public LeakyReLU(double negative_slope = 0.01, bool inplace = false) : base(nameof(LeakyReLU))
    {
        _slope = negative_slope;
        _inplace = inplace;
        NegativeSlope = negative_slope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <summary>Any shape → same shape.</summary>
    /// <remarks>In place, it returns a new handle to the overwritten input (alias), as TorchSharp's does: Sequential
    /// disposes each layer's input once the next layer has run, which would otherwise dispose the output too.</remarks>
    public override Tensor forward(Tensor x) => _inplace ? x.leaky_relu_(_slope).alias() : x.leaky_relu(_slope);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _slope.Dispose();
        base.Dispose(disposing);
    }
}
