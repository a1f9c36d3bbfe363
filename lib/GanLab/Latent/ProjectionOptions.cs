using static TorchSharp.torch;

namespace GanLab.Latent;

/// <summary>Settings of <see cref="LatentProjection"/>.</summary>
public sealed record ProjectionOptions
{
    /// <summary>Adam steps on z.</summary>
    public int Steps { get; init; } = 200;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Weight of the pixel loss, the mean squared error between G(z) and the target.</summary>
    public double PixelWeight { get; init; } = 1;

    /// <summary>Weight of the feature loss, the mean squared error between <see cref="Features"/> of G(z) and of the target.</summary>
    public double FeatureWeight { get; init; } = 1;

    /// <summary>A feature extractor for the feature loss (a classifier's penultimate layer, D's features); null: pixels only.</summary>
    public Func<Tensor, Tensor>? Features { get; init; }

    /// <summary>Weight of a penalty ‖z‖² / D that keeps z where the prior N(0, I) puts it (0: none).</summary>
    public double PriorWeight { get; init; }

    /// <summary>Where to start, (N, D): an encoder's guess E(target). Null: a seeded draw from N(0, I).</summary>
    public Tensor? Start { get; init; }

    /// <summary>Keep the latent every this many steps in the path (the last step is always kept).</summary>
    public int RecordEvery { get; init; } = 1;

    /// <summary>Seed for the random start.</summary>
    public int Seed { get; init; }
}
