namespace GanLab.Training;

/// <summary>
/// Both learning rates held for the first <see cref="After"/> steps, then brought down linearly to zero over the next
/// <see cref="Steps"/> (PyTorch's <c>LinearLR</c> started late). Late in a run a GAN's players keep chasing each other
/// at full rate, so samples drift instead of settling; a falling rate lets them settle (the average of G does the
/// same to G alone, <see cref="EmaOptions"/>).
/// </summary>
/// <remarks>
/// A run resumed from a checkpoint written at or before <see cref="After"/> with a decay added trains exactly as a run
/// that had the decay from the start: the steps already trained used the full rate either way.
/// </remarks>
public sealed record LearningRateDecay
{
    /// <summary>Steps trained at the full rate.</summary>
    public long After { get; init; }

    /// <summary>Steps over which the rate falls to zero; the step at <see cref="After"/> + Steps would train at rate 0.</summary>
    public long Steps { get; init; }

    /// <summary>Full rate for <paramref name="after"/> steps, then a linear fall to zero over <paramref name="steps"/>.</summary>
    /// <exception cref="ArgumentException">A negative <paramref name="after"/> or a <paramref name="steps"/> below 1.</exception>
    public static LearningRateDecay Linear(long after, long steps) => new LearningRateDecay { After = after, Steps = steps }.Validated();

    /// <summary>The fraction of the full rate for the update that follows <paramref name="stepsDone"/> steps: 1, then 1 − (stepsDone − After) / Steps, never below 0.</summary>
    public double Factor(long stepsDone) => Math.Clamp(1 - (double)(stepsDone - After) / Steps, 0, 1);

    /// <summary>This decay, checked.</summary>
    /// <exception cref="ArgumentException">A negative <see cref="After"/> or a <see cref="Steps"/> below 1.</exception>
    public LearningRateDecay Validated() =>
        After < 0 ? throw new ArgumentException($"The decay starts after a number of steps, so After must be 0 or more, got {After}.")
        : Steps < 1 ? throw new ArgumentException($"The decay needs at least one step to fall over, got Steps = {Steps}.")
        : this;
}
