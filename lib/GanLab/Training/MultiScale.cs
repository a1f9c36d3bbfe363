using GanLab.Models;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>MSG-GAN samples: the same batch at every scale, smallest first. Real batches become an average-pooled pyramid.</summary>
public sealed class MultiScale : IGanSamples<Tensor[]>
{
    /// <summary>The one instance.</summary>
    public static MultiScale Instance { get; } = new();

    /// <inheritdoc/>
    public Tensor[] FromReal(Tensor batch) => MsgGanDiscriminator.Pyramid(batch);

    /// <inheritdoc/>
    public Tensor[] Detach(Tensor[] samples) => samples.Select(s => s.detach()).ToArray();

    /// <inheritdoc/>
    public Tensor Full(Tensor[] samples) => samples[^1];

    /// <inheritdoc/>
    public Tensor[] Interpolate(Tensor[] real, Tensor[] fake, Tensor alpha) =>
        real.Zip(fake, (r, f) => SingleScale.Instance.Interpolate(r, f, alpha)).ToArray();

    /// <inheritdoc/>
    public Tensor[] Parts(Tensor[] samples) => samples;
}
