using static TorchSharp.torch;

namespace GanLab.Latent;

/// <summary>Vector arithmetic on latents, as in the DCGAN paper (Radford et al. 2016, §6.3): analogies and averages.</summary>
public static class LatentArithmetic
{
    /// <summary>The analogy "a is to b as c is to ?": a − b + c (for example smiling woman − neutral woman + neutral man).</summary>
    public static Tensor Analogy(Tensor a, Tensor b, Tensor c) => a - b + c;

    /// <summary>The mean of latents (N, D), (D): the DCGAN paper averages three latents per concept before the arithmetic, for stability.</summary>
    public static Tensor Mean(Tensor latents) => latents.mean(new long[] { 0 });
}
