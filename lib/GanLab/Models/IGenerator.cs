using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>A generator that maps latent vectors z of a fixed length to samples; the trainer reads the length from it.</summary>
public interface IGenerator
{
    /// <summary>Length of the latent vector z.</summary>
    int Latent { get; }

    /// <summary>
    /// A new generator of the same architecture holding a copy of this one's weights and buffers, on the same device
    /// (PyTorch's <c>copy.deepcopy(G)</c>): the trainer keeps the average of G's weights in one.
    /// </summary>
    nn.Module Copy();

    /// <summary>
    /// Builds a module with <paramref name="build"/> (same architecture as <paramref name="source"/>), without touching
    /// torch's random state (the new module's random initial weights are overwritten anyway, and a run must not change
    /// because it keeps a copy), then copies every parameter and buffer of the source into it, on the source's device.
    /// </summary>
    internal static TModule Copy<TModule>(nn.Module source, Func<TModule> build) where TModule : nn.Module
    {
        TModule target;
        using (var state = get_rng_state())
        {
            target = build();
            set_rng_state(state);
        }
        target.to(source.parameters().First().device);
        using var _ = no_grad();
        var from = source.state_dict();
        foreach (var (name, tensor) in target.state_dict()) tensor.copy_(from[name]);
        return target;
    }
}
