using static TorchSharp.torch;

namespace GanLab.Latent;

/// <summary>What a projection found, and the path it took (for a notebook to show, step by step).</summary>
/// <param name="Latent">The final latent, (N, D).</param>
/// <param name="Image">G of the final latent, (N, C, H, W).</param>
/// <param name="Path">Latents along the way (on the CPU), at the steps in <paramref name="PathSteps"/>; step 0 is the start.</param>
/// <param name="PathSteps">The step of each latent in <paramref name="Path"/>.</param>
/// <param name="Losses">Total loss at every step 0..Steps (mean over the batch).</param>
/// <param name="PixelLosses">Pixel loss (mean squared error) at every step.</param>
/// <param name="FeatureLosses">Feature loss at every step (0 without a feature extractor).</param>
public sealed record ProjectionResult(
    Tensor Latent, Tensor Image, IReadOnlyList<Tensor> Path, IReadOnlyList<int> PathSteps,
    IReadOnlyList<double> Losses, IReadOnlyList<double> PixelLosses, IReadOnlyList<double> FeatureLosses)
{
    /// <summary>The first step whose total loss is at or below <paramref name="loss"/>, or null if none is.</summary>
    public int? StepsTo(double loss)
    {
        for (int i = 0; i < Losses.Count; i++) if (Losses[i] <= loss) return i;
        return null;
    }
}
