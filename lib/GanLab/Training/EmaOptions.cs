namespace GanLab.Training;

/// <summary>
/// How the trainer averages G's weights: an exponential moving average (EMA) kept in a second generator,
/// <see cref="GanTrainer{T}.GEma"/>. After every G step each averaged weight moves toward G's,
/// ema ← β·ema + (1 − β)·w (<c>torch.lerp(ema, w, 1 − β)</c>), and buffers such as batch-norm statistics are copied.
/// The average smooths out the last steps' oscillations of the game: every NVIDIA StyleGAN configuration and the MSG-GAN
/// reference code sample from it (Yazici et al. 2019, "The Unusual Effectiveness of Averaging in GAN Training").
/// </summary>
/// <remarks>
/// β is either a fixed <see cref="Decay"/> per G step (BMSG-GAN: 0.999) or comes from a half-life in images, as StyleGAN
/// states it: β = 0.5^(batch / <see cref="HalfLifeImages"/>), so a weight G had that many images ago counts half as much
/// as it did then. With <see cref="RampUp"/> (StyleGAN2-ADA: 0.05) the half-life is at most that fraction of the images
/// G has been trained on, so early in training the average follows G instead of dragging its random start along.
/// </remarks>
public sealed record EmaOptions
{
    /// <summary>β per G step (BMSG-GAN: 0.999); null when <see cref="HalfLifeImages"/> sets it.</summary>
    public double? Decay { get; init; }

    /// <summary>The average's half-life in images (StyleGAN: 10,000); null when <see cref="Decay"/> sets β.</summary>
    public double? HalfLifeImages { get; init; }

    /// <summary>With a half-life: cap it at this fraction of the images G has been trained on (StyleGAN2-ADA: 0.05); null for none.</summary>
    public double? RampUp { get; init; }

    /// <summary>A fixed β per G step.</summary>
    public static EmaOptions PerStep(double decay) => new EmaOptions { Decay = decay }.Validated();

    /// <summary>β from a half-life in images, optionally with a ramp-up.</summary>
    public static EmaOptions HalfLife(double images, double? rampUp = null) => new EmaOptions { HalfLifeImages = images, RampUp = rampUp }.Validated();

    /// <summary>The MSG-GAN reference code's average (BMSG-GAN: <c>ema_decay = 0.999</c> per step).</summary>
    public static EmaOptions MsgGan { get; } = PerStep(0.999);

    /// <summary>StyleGAN's and MSG-StyleGAN's average: a half-life of 10,000 images.</summary>
    public static EmaOptions StyleGan { get; } = HalfLife(10_000);

    /// <summary>
    /// β for the G step that follows <paramref name="imagesSeen"/> images (G steps times the batch) with batches of
    /// <paramref name="batchSize"/>: 0 at the start with a ramp-up (the average starts as a copy of G).
    /// </summary>
    public double Beta(long imagesSeen, long batchSize)
    {
        Validated();
        if (Decay is double decay) return decay;
        double halfLife = HalfLifeImages!.Value;
        if (RampUp is double rampUp) halfLife = Math.Min(halfLife, imagesSeen * rampUp);
        return Math.Pow(0.5, batchSize / Math.Max(halfLife, 1e-8));
    }

    /// <summary>This record, if it sets β one way (a decay in [0, 1), or a positive half-life with an optional positive ramp-up).</summary>
    /// <exception cref="ArgumentException">It sets neither or both, or a value out of range.</exception>
    internal EmaOptions Validated()
    {
        if (Decay.HasValue == HalfLifeImages.HasValue)
            throw new ArgumentException("EmaOptions sets β one way: a Decay per G step or a HalfLifeImages (EmaOptions.PerStep or EmaOptions.HalfLife).");
        if (Decay is double d && (d < 0 || d >= 1)) throw new ArgumentException($"The EMA's decay must be in [0, 1); got {d}.");
        if (HalfLifeImages is double h && h <= 0) throw new ArgumentException($"The EMA's half-life must be positive; got {h} images.");
        if (RampUp is double r && (r <= 0 || Decay.HasValue)) throw new ArgumentException($"The EMA's ramp-up goes with a half-life and must be positive; got {r}.");
        return this;
    }
}
