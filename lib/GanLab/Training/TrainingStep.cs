namespace GanLab.Training;

/// <summary>
/// One training step's health figures (pytorch/examples' Loss_D, Loss_G, D(x), D(G(z)) and more). D(x) and D(G(z))
/// are means over the batch of the loss's score: probabilities for the logistic losses, raw scores otherwise.
/// </summary>
/// <example><code>new TrainingStep { Step = 1, LossD = 1.38f, LossG = 0.69f, DReal = 0.5f, DFake = 0.5f }</code></example>
public sealed record TrainingStep
{
    /// <summary>Steps completed, counting this one (1 for the first).</summary>
    public long Step { get; init; }

    /// <summary>D's loss (with any gradient penalty).</summary>
    public float LossD { get; init; }

    /// <summary>G's loss.</summary>
    public float LossG { get; init; }

    /// <summary>D(x) before D's update.</summary>
    public float DReal { get; init; }

    /// <summary>D(G(z)) before D's update (pytorch/examples' D_G_z1).</summary>
    public float DFake { get; init; }

    /// <summary>D(x) after D's update (NaN when not measured).</summary>
    public float DRealAfter { get; init; } = float.NaN;

    /// <summary>D(G(z)) after D's update, as G sees it (D_G_z2).</summary>
    public float DFakeAfter { get; init; } = float.NaN;

    /// <summary>L2 norm of all D's gradients in its update (0 while D is frozen).</summary>
    public float GradNormD { get; init; }

    /// <summary>L2 norm of all G's gradients.</summary>
    public float GradNormG { get; init; }

    /// <summary>Wall-clock time of the step, data included.</summary>
    public double Seconds { get; init; }

    /// <summary>True when D was not updated (frozen).</summary>
    public bool DFrozen { get; init; }
}
