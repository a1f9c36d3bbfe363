namespace GanLab.Training;

/// <summary>
/// One 2-D toy GAN set-up for <see cref="ToyGanRuns"/>: the sizes of its MLP generator and discriminator (as
/// <see cref="Models.MlpGenerator"/> and <see cref="Models.MlpDiscriminator"/>), the batch, PacGAN's packing, and the
/// trainer's options (loss, Adam, D steps, freezing D).
/// </summary>
public sealed record ToyGanSetup
{
    /// <summary>Length of z.</summary>
    public int Latent { get; init; } = 2;

    /// <summary>Units per hidden layer of G and of D.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Hidden layers of G and of D.</summary>
    public int Layers { get; init; } = 3;

    /// <summary>Real (and generated) points per step and run.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>PacGAN: D judges groups of this many points (as <see cref="Models.PackedDiscriminator"/> around an MLP of 2 x Pack inputs); 1 for a plain D.</summary>
    public int Pack { get; init; } = 1;

    /// <summary>Loss, learning rates, Adam's betas, D steps per G step and freezing D; the seed is each run's own.</summary>
    public TrainerOptions Options { get; init; } = TrainerOptions.Toy2d;
}
