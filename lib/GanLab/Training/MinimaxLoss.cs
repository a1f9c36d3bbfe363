using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanLab.Training;

/// <summary>
/// The original GAN game (Goodfellow et al. 2014): D maximises log D(x) + log(1 − D(G(z))), G minimises
/// log(1 − D(G(z))). With D = sigmoid(logit): −log D(x) = softplus(−logit) and log(1 − D(G(z))) = −softplus(logit).
/// G's gradient vanishes when D confidently rejects its samples, which is why <see cref="NonSaturatingLoss"/> exists.
/// </summary>
public sealed class MinimaxLoss : GanLoss
{
    /// <inheritdoc/>
    public override string Name => "minimax";
    /// <inheritdoc/>
    public override string DiscriminatorObjective => "maximize log(D(x)) + log(1 - D(G(z)))";
    /// <inheritdoc/>
    public override string GeneratorObjective => "minimize log(1 - D(G(z)))";

    /// <inheritdoc/>
    public override Tensor DiscriminatorLoss(Tensor real, Tensor fake) => softplus(-real).mean() + softplus(fake).mean();

    /// <inheritdoc/>
    public override Tensor GeneratorLoss(Tensor fake, Tensor? real = null) => -softplus(fake).mean();

    /// <summary>D(x) as a probability: sigmoid of the logit.</summary>
    public override Tensor Score(Tensor output) => output.sigmoid();
}
