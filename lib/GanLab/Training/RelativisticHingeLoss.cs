using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;
using static GanLab.Training.Arithmetic;

namespace GanLab.Training;

/// <summary>
/// The relativistic average hinge loss (Jolicoeur-Martineau 2018), the MSG-GAN reference code's default: D judges
/// whether a real sample looks more real than the average fake (r − mean f) and a fake less real than the average
/// real (f − mean r). D minimises mean(relu(1 − (r − mean f))) + mean(relu(1 + (f − mean r))); G minimises the mirror
/// image, mean(relu(1 + (r − mean f))) + mean(relu(1 − (f − mean r))), so G also learns from real data's scores.
/// </summary>
public sealed class RelativisticHingeLoss : GanLoss
{
    /// <inheritdoc/>
    public override string Name => "rahinge";
    /// <inheritdoc/>
    public override string DiscriminatorObjective => "minimize relu(1 - (D(x) - mean D(G(z)))) + relu(1 + (D(G(z)) - mean D(x)))";
    /// <inheritdoc/>
    public override string GeneratorObjective => "minimize relu(1 + (D(x) - mean D(G(z)))) + relu(1 - (D(G(z)) - mean D(x)))";

    /// <inheritdoc/>
    public override bool GeneratorUsesReal => true;

    /// <inheritdoc/>
    // relu(1 - (real - fake.mean())).mean() + relu(1 + (fake - real.mean())).mean(), without a Scalar made per call (Arithmetic says why)
    public override Tensor DiscriminatorLoss(Tensor real, Tensor fake) =>
        Plus(relu(OneMinus(real - fake.mean())).mean(), relu(OnePlus(fake - real.mean())).mean());

    /// <inheritdoc/>
    // relu(1 + (real - fake.mean())).mean() + relu(1 - (fake - real.mean())).mean(), as above
    public override Tensor GeneratorLoss(Tensor fake, Tensor? real = null)
    {
        if (real is null) throw new ArgumentNullException(nameof(real), "The relativistic loss compares G's scores with D's output on a real batch: pass it.");
        return Plus(relu(OnePlus(real - fake.mean())).mean(), relu(OneMinus(fake - real.mean())).mean());
    }
}
