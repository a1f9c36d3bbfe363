using static TorchSharp.torch;
using static GanLab.Training.Arithmetic;

namespace GanLab.Training;

/// <summary>Samples that are one batch tensor (N, ...): DCGAN images, 2-D toy points.</summary>
public sealed class SingleScale : IGanSamples<Tensor>
{
    /// <summary>The one instance.</summary>
    public static SingleScale Instance { get; } = new();

    /// <inheritdoc/>
    public Tensor FromReal(Tensor batch) => batch;

    /// <inheritdoc/>
    public Tensor Detach(Tensor samples) => samples.detach();

    /// <inheritdoc/>
    public Tensor Full(Tensor samples) => samples;

    /// <inheritdoc/>
    public Tensor Interpolate(Tensor real, Tensor fake, Tensor alpha)
    {
        var a = alpha.view(Enumerable.Repeat(1L, (int)real.dim()).Select((one, i) => i == 0 ? -1 : one).ToArray());
        return Plus(a * real.detach(), OneMinus(a) * fake.detach()).requires_grad_(true);   // a·real + (1 − a)·fake
    }

    /// <inheritdoc/>
    public Tensor[] Parts(Tensor samples) => new[] { samples };
}
