using System.Globalization;

namespace GanLab.Workshop;

/// <summary>
/// How many training steps a notebook takes: an explicit count, or as many whole epochs as fit a time budget at this
/// machine's measured speed (<see cref="MachineSpeed"/>), between a floor and a ceiling. Same machine, same figures,
/// same steps: a rerun gives the same numbers. A notebook prints it, so its reader sees the speed and the step count.
/// <code>
/// var budget = Steps > 0 ? StepBudget.Exactly(Steps, speed.DcganSecondsPerStep(BatchSize), stepsPerEpoch)
///                        : StepBudget.Fit(TrainSeconds, speed.DcganSecondsPerStep(BatchSize), stepsPerEpoch, maxSteps: 40 * stepsPerEpoch);
/// Console.WriteLine(budget);   // 150 s at 0.198 s per step: 4 epochs of 156 steps = 624 steps, about 2 min 4 s
/// </code>
/// </summary>
public sealed record StepBudget
{
    /// <summary>The steps to train.</summary>
    public required long Steps { get; init; }

    /// <summary>Steps in one epoch (one pass over the data); 1 when there are no epochs (endless data).</summary>
    public required long StepsPerEpoch { get; init; }

    /// <summary>Estimated seconds per step on this machine (per-epoch work spread over the epoch's steps).</summary>
    public required double SecondsPerStep { get; init; }

    /// <summary>The time budget in seconds, or null when the step count was given.</summary>
    public double? BudgetSeconds { get; init; }

    /// <summary>The most steps that fit the budget (before the floor and the ceiling), or null when the step count was given.</summary>
    public long? FittingSteps { get; init; }

    /// <summary>Whole epochs (<see cref="Steps"/> / <see cref="StepsPerEpoch"/>, rounded down).</summary>
    public long Epochs => Steps / StepsPerEpoch;

    /// <summary>Estimated seconds for <see cref="Steps"/> on this machine.</summary>
    public double EstimatedSeconds => Steps * SecondsPerStep;

    /// <summary>Whether the budget held fewer steps than the floor (the notebook then does less than it would like, and should say so).</summary>
    public bool BelowFloor => FittingSteps is { } fitting && fitting < Steps;

    /// <summary>Whether the ceiling cut a budget that held more (a fast machine: the notebook finishes early).</summary>
    public bool Capped => FittingSteps is { } fitting && fitting > Steps;

    /// <summary>A step count given by the reader (a parameter): it wins over any budget.</summary>
    public static StepBudget Exactly(long steps, double secondsPerStep, long stepsPerEpoch = 1)
    {
        Check(secondsPerStep, stepsPerEpoch);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps must not be negative.");
        return new StepBudget { Steps = steps, StepsPerEpoch = stepsPerEpoch, SecondsPerStep = secondsPerStep };
    }

    /// <summary>
    /// The whole epochs that fit <paramref name="seconds"/> at <paramref name="secondsPerStep"/> (plus
    /// <paramref name="secondsPerEpoch"/> of per-epoch work, such as an evaluation), at least <paramref name="minSteps"/>
    /// and at most <paramref name="maxSteps"/>, both rounded to whole epochs.
    /// </summary>
    public static StepBudget Fit(double seconds, double secondsPerStep, long stepsPerEpoch = 1, long minSteps = 1, long maxSteps = long.MaxValue, double secondsPerEpoch = 0)
    {
        Check(secondsPerStep, stepsPerEpoch);
        if (!(seconds >= 0)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The budget must be a number of seconds, at least 0.");
        if (minSteps > maxSteps) throw new ArgumentException($"minSteps ({minSteps}) is above maxSteps ({maxSteps}).");
        double perStep = secondsPerStep + secondsPerEpoch / stepsPerEpoch;
        long fitting = (long)Math.Floor(seconds / perStep / stepsPerEpoch) * stepsPerEpoch;
        long floor = Ceiling(minSteps, stepsPerEpoch), ceiling = Math.Max(floor, maxSteps / stepsPerEpoch * stepsPerEpoch);
        return new StepBudget
        {
            Steps = Math.Clamp(fitting, floor, ceiling),
            StepsPerEpoch = stepsPerEpoch,
            SecondsPerStep = perStep,
            BudgetSeconds = seconds,
            FittingSteps = fitting,
        };
    }

    /// <summary>"150 s at 0.198 s per step: 4 epochs of 156 steps = 624 steps, about 2 min 4 s".</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string steps = StepsPerEpoch > 1
            ? (Steps % StepsPerEpoch == 0 ? string.Format(c, "{0:N0} epoch(s) of {1:N0} steps = {2:N0} steps", Epochs, StepsPerEpoch, Steps) : string.Format(c, "{0:N0} steps ({1:F1} epochs)", Steps, (double)Steps / StepsPerEpoch))
            : string.Format(c, "{0:N0} steps", Steps);
        string source = BudgetSeconds is { } budget
            ? string.Format(c, "{0:N0} s budget at {1:F4} s per step: ", budget, SecondsPerStep)
            : string.Format(c, "given: ");
        string note = BelowFloor ? " (the floor: the budget held fewer)" : Capped ? " (the ceiling: the budget held more)" : "";
        return $"{source}{steps}{note}, about {Duration(EstimatedSeconds)}";
    }

    /// <summary>"48 s", "2 min 4 s".</summary>
    public static string Duration(double seconds)
    {
        long whole = (long)Math.Round(seconds);
        return whole < 60 ? $"{whole} s" : $"{whole / 60} min {whole % 60} s";
    }

    static long Ceiling(long steps, long perEpoch) => (steps + perEpoch - 1) / perEpoch * perEpoch;

    static void Check(double secondsPerStep, long stepsPerEpoch)
    {
        if (!(secondsPerStep > 0) || double.IsInfinity(secondsPerStep)) throw new ArgumentOutOfRangeException(nameof(secondsPerStep), secondsPerStep, "Seconds per step must be a positive number.");
        if (stepsPerEpoch < 1) throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "An epoch has at least one step.");
    }
}
