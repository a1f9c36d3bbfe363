using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// What G makes and D reads, as the trainer handles it: one image batch (<see cref="SingleScale"/>) or the same
/// batch at every scale (<see cref="MultiScale"/>, MSG-GAN). The trainer's loop is the same for both.
/// </summary>
/// <typeparam name="T">The sample type: <see cref="Tensor"/> or <c>Tensor[]</c>.</typeparam>
public interface IGanSamples<T>
{
    /// <summary>A real batch (N, ...) → what D reads.</summary>
    T FromReal(Tensor batch);

    /// <summary>The same samples cut from G's graph (D's update must not reach G).</summary>
    T Detach(T samples);

    /// <summary>The full-size samples, for snapshots and grids.</summary>
    Tensor Full(T samples);

    /// <summary>α·real + (1 − α)·fake per sample (α has shape (N)), as a leaf that requires grad: the points the gradient penalty is taken at.</summary>
    T Interpolate(T real, T fake, Tensor alpha);

    /// <summary>The tensors a gradient penalty differentiates D with respect to.</summary>
    Tensor[] Parts(T samples);
}
