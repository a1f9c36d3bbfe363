using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanLab.Training;

/// <summary>
/// The non-saturating GAN loss that DCGAN and pytorch/examples use: D as in the minimax game
/// (binary cross-entropy, real = 1, fake = 0), but G maximises log D(G(z)), i.e. minimises softplus(−logit),
/// whose gradient stays strong while D rejects G's samples.
/// </summary>
public sealed class NonSaturatingLoss : GanLoss
{
    /// <inheritdoc/>
    public override string Name => "ns";
    /// <inheritdoc/>
    public override string DiscriminatorObjective => "maximize log(D(x)) + log(1 - D(G(z)))";
    /// <inheritdoc/>
    public override string GeneratorObjective => "maximize log(D(G(z)))";

    /// <inheritdoc/>
    public override Tensor DiscriminatorLoss(Tensor real, Tensor fake) => softplus(-real).mean() + softplus(fake).mean();

    /// <inheritdoc/>
    public override Tensor GeneratorLoss(Tensor fake, Tensor? real = null) => softplus(-fake).mean();

    /// <summary>D(x) as a probability: sigmoid of the logit.</summary>
    public override Tensor Score(Tensor output) => output.sigmoid();
}
