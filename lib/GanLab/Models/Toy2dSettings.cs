namespace GanLab.Models;

/// <summary>The 2-D toy GAN's sizes: they build <see cref="MlpGenerator"/> (z → a point in the plane) and <see cref="MlpDiscriminator"/>.</summary>
public sealed record Toy2dSettings : ModelSettings
{
    /// <summary>The name <c>ganlab train --model</c> and checkpoints use.</summary>
    public const string ModelName = "toy2d";

    /// <inheritdoc/>
    public override string Model => ModelName;

    /// <summary>Length of z.</summary>
    public int Latent { get; init; } = 2;

    /// <summary>Units per hidden layer, in G and D.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Hidden layers, in G and D.</summary>
    public int Layers { get; init; } = 3;

    /// <summary>GAN Lab's and d2l's size as the course trains it: latent 2, 3 hidden layers of 128 (what <c>ganlab train --model toy2d</c> trains).</summary>
    public static Toy2dSettings Workshop { get; } = new();
}
