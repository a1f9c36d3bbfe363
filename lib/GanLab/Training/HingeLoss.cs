using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;
using static GanLab.Training.Arithmetic;

namespace GanLab.Training;

/// <summary>
/// The hinge loss (Lim and Ye 2017; SAGAN, BigGAN): D minimises mean(relu(1 − D(x))) + mean(relu(1 + D(G(z)))),
/// G minimises −mean(D(G(z))). D's outputs are unbounded scores, not probabilities.
/// </summary>
public sealed class HingeLoss : GanLoss
{
    /// <inheritdoc/>
    public override string Name => "hinge";
    /// <inheritdoc/>
    public override string DiscriminatorObjective => "minimize relu(1 - D(x)) + relu(1 + D(G(z)))";
    /// <inheritdoc/>
    public override string GeneratorObjective => "maximize D(G(z))";

    /// <inheritdoc/>
    // relu(1 - real).mean() + relu(1 + fake).mean(), without a Scalar made per call (Arithmetic says why)
    public override Tensor DiscriminatorLoss(Tensor real, Tensor fake) => Plus(relu(OneMinus(real)).mean(), relu(OnePlus(fake)).mean());

    /// <inheritdoc/>
    public override Tensor GeneratorLoss(Tensor fake, Tensor? real = null) => -fake.mean();
}
