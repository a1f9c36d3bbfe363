using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// A GAN objective written as two losses to minimise, one for D and one for G, over D's raw outputs (logits
/// or critic scores) for a real and a generated batch. <see cref="FromName"/> picks one by name.
/// </summary>
[JsonConverter(typeof(GanLossNameConverter))]
public abstract class GanLoss
{
    /// <summary>Every name <see cref="FromName"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "minimax", "ns", "hinge", "wgan-gp", "rahinge" };

    /// <summary>Short name: minimax, ns, hinge, wgan-gp or rahinge.</summary>
    public abstract string Name { get; }

    /// <summary>What the D update does, in the words of pytorch/examples (for example "maximize log(D(x)) + log(1 - D(G(z)))").</summary>
    public abstract string DiscriminatorObjective { get; }

    /// <summary>What the G update does (for example "maximize log(D(G(z)))").</summary>
    public abstract string GeneratorObjective { get; }

    /// <summary>D's loss (a scalar to minimise) from its outputs on a real batch and on a generated batch.</summary>
    public abstract Tensor DiscriminatorLoss(Tensor real, Tensor fake);

    /// <summary>G's loss (a scalar to minimise) from D's outputs on a generated batch (and on a real one, which only relativistic losses read: <see cref="GeneratorUsesReal"/>).</summary>
    public abstract Tensor GeneratorLoss(Tensor fake, Tensor? real = null);

    /// <summary>Weight λ of the gradient penalty the trainer adds to D's loss (WGAN-GP); 0 for none.</summary>
    public virtual double GradientPenaltyWeight => 0;

    /// <summary>True when <see cref="GeneratorLoss"/> reads D's output on real data (relativistic losses).</summary>
    public virtual bool GeneratorUsesReal => false;

    /// <summary>What the history reports as "D(x)" for one output: the probability of "real" for the logistic losses, the raw score otherwise.</summary>
    public virtual Tensor Score(Tensor output) => output;

    /// <summary>The loss called <paramref name="name"/> (see <see cref="Names"/>).</summary>
    public static GanLoss FromName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "minimax" => new MinimaxLoss(),
        "ns" or "non-saturating" or "nonsaturating" => new NonSaturatingLoss(),
        "hinge" => new HingeLoss(),
        "wgan-gp" or "wgangp" => new WassersteinGpLoss(),
        "rahinge" or "relativistic-hinge" => new RelativisticHingeLoss(),
        _ => throw new ArgumentException($"Unknown GAN loss '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <inheritdoc/>
    public override string ToString() => Name;
}
