using System.Text.Json.Serialization;

namespace GanLab.Training;

/// <summary>
/// Everything that shapes a GAN training run except the models and the data: the loss, the two Adam optimisers,
/// the seed of the trainer's noise, snapshots, checkpoints and the freeze-D experiment. Defaults are DCGAN's.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>The objective (default: the non-saturating loss DCGAN uses).</summary>
    public GanLoss Loss { get; init; } = new NonSaturatingLoss();

    /// <summary>Adam learning rate for G (DCGAN: 0.0002).</summary>
    public double LearningRateG { get; init; } = 2e-4;

    /// <summary>Adam learning rate for D (DCGAN: 0.0002).</summary>
    public double LearningRateD { get; init; } = 2e-4;

    /// <summary>Adam β1 for both optimisers (DCGAN: 0.5).</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam β2 for both optimisers (DCGAN: 0.999).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>
    /// Weight γ of the R1 penalty (Mescheder et al. 2018, "Which training methods for GANs actually converge?"): D's loss
    /// gains γ/2 · mean over real samples of ‖∇ₓD(x)‖² (for MSG-GAN, averaged over the scales, as msg-stylegan-tf does),
    /// which keeps D flat on the data. StyleGAN and msg-stylegan-tf: 10 (at every resolution); StyleGAN2-ADA's rule of
    /// thumb 0.0002 · size² / batch gives about 0.01 at 32x32. 0 for none. It costs one more pass of D on the real batch,
    /// with a backward of second order.
    /// </summary>
    public double R1Gamma { get; init; }

    /// <summary>D updates per G update, each on its own real batch (WGAN-GP's n_critic is 5).</summary>
    public int DiscriminatorSteps { get; init; } = 1;

    /// <summary>Stop updating D once this many steps are done (NVIDIA's experiment: G then collapses onto what fools the frozen D); null never.</summary>
    public long? FreezeDiscriminatorAfter { get; init; }

    /// <summary>Seed of the trainer's own noise generator (z for every step, the fixed noise, the gradient penalty's mixing).</summary>
    public long Seed { get; init; }

    /// <summary>Take a snapshot of G(fixed noise) every this many steps (and before the first); 0 for none.</summary>
    public int SnapshotEvery { get; init; }

    /// <summary>How many fixed-noise samples a snapshot holds.</summary>
    public int SnapshotCount { get; init; } = 64;

    /// <summary>Keep every snapshot in <c>Snapshots</c> (for animations); otherwise they only go to the event.</summary>
    public bool KeepSnapshots { get; init; } = true;

    /// <summary>Where checkpoints are written (atomically); null for none. Not stored in the checkpoint (it belongs to this machine).</summary>
    [JsonIgnore]
    public string? CheckpointPath { get; init; }

    /// <summary>Write a checkpoint every this many steps (and at the end of each Fit) when <see cref="CheckpointPath"/> is set; 0 only at the end.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>
    /// Measure D(x) after D's update (<see cref="TrainingStep.DRealAfter"/>) every this many steps; 1 for every step, 0 for
    /// never. It costs one more forward pass of D on the real batch, about a twelfth of a DCGAN step (measured), so by default
    /// it is sampled every 10th step and the other steps record NaN. Relativistic losses need it, so they measure every step.
    /// </summary>
    public int MeasureRealAfterUpdateEvery { get; init; } = 10;

    /// <summary>
    /// Keep an exponential moving average of G's weights (<see cref="GanTrainer{T}.GEma"/>) and sample from it; null for
    /// none. It costs one lerp per weight of G per step and a second copy of G.
    /// </summary>
    public EmaOptions? Ema { get; init; }

    /// <summary>Bring both learning rates down linearly to zero late in the run (<see cref="Training.LearningRateDecay"/>); null keeps them constant.</summary>
    public LearningRateDecay? LearningRateDecay { get; init; }

    /// <summary>DCGAN (Radford et al.): non-saturating loss, Adam(0.0002, 0.5, 0.999).</summary>
    public static TrainerOptions Dcgan { get; } = new();

    /// <summary>MSG-GAN as in its reference code: relativistic average hinge loss, Adam(0.003, 0, 0.99) with equalised learning rate, samples from the average of G (β 0.999 per step).</summary>
    public static TrainerOptions MsgGan { get; } = new()
    {
        Loss = new RelativisticHingeLoss(), LearningRateG = 3e-3, LearningRateD = 3e-3, Beta1 = 0, Beta2 = 0.99, Ema = EmaOptions.MsgGan,
    };

    /// <summary>2-D toys: non-saturating loss, Adam(0.001, 0.5, 0.999).</summary>
    public static TrainerOptions Toy2d { get; } = new() { LearningRateG = 1e-3, LearningRateD = 1e-3 };
}
