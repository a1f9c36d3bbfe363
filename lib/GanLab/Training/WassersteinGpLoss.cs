using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// WGAN-GP (Gulrajani et al. 2017): the critic D minimises mean(D(G(z))) − mean(D(x)) plus λ·(‖∇D(x̂)‖ − 1)² at
/// random points x̂ between real and generated samples (the trainer adds that penalty); G minimises −mean(D(G(z))).
/// The paper trains the critic 5 times per G step (<see cref="TrainerOptions.DiscriminatorSteps"/>) with Adam(1e-4, 0, 0.9).
/// </summary>
public sealed class WassersteinGpLoss(double lambda = 10.0) : GanLoss
{
    /// <inheritdoc/>
    public override string Name => "wgan-gp";
    /// <inheritdoc/>
    public override string DiscriminatorObjective => "maximize D(x) - D(G(z)) - λ(‖∇D(x̂)‖ - 1)²";
    /// <inheritdoc/>
    public override string GeneratorObjective => "maximize D(G(z))";

    /// <summary>The penalty's weight λ (10 in the paper).</summary>
    public override double GradientPenaltyWeight => lambda;

    /// <inheritdoc/>
    public override Tensor DiscriminatorLoss(Tensor real, Tensor fake) => fake.mean() - real.mean();

    /// <inheritdoc/>
    public override Tensor GeneratorLoss(Tensor fake, Tensor? real = null) => -fake.mean();
}
