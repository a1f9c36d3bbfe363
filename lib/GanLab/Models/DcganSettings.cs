namespace GanLab.Models;

/// <summary>
/// A DCGAN's sizes (pytorch/examples' <c>--imageSize</c>, <c>--nz</c>, <c>--ngf</c>/<c>--ndf</c>, <c>nc</c>): they build
/// <see cref="DcganGenerator"/>, <see cref="DcganDiscriminator"/> and the <see cref="DcganEncoder"/> that inverts G.
/// </summary>
/// <example><code>
/// var settings = DcganSettings.Workshop with { Width = 64 };
/// var (g, d) = (new DcganGenerator(settings), new DcganDiscriminator(settings));
/// </code></example>
public sealed record DcganSettings : ModelSettings
{
    /// <summary>The name <c>ganlab train --model</c> and checkpoints use.</summary>
    public const string ModelName = "dcgan";

    /// <inheritdoc/>
    public override string Model => ModelName;

    /// <summary>Image side: 32, 64 or 128 (a power of two from 8 up).</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Length of z (nz; 100 in the paper).</summary>
    public int Latent { get; init; } = 100;

    /// <summary>Channels of G's last and D's first hidden layer (ngf = ndf; 64 in the paper, 32 for CPU workshops).</summary>
    public int Width { get; init; } = 32;

    /// <summary>Image channels (nc): 3 for RGB, 1 for gray.</summary>
    public int Channels { get; init; } = 3;

    /// <summary>The course's CPU size: 32x32, latent 100, width 32, RGB (what <c>ganlab train --model dcgan</c> trains).</summary>
    public static DcganSettings Workshop { get; } = new();

    /// <summary>The PyTorch DCGAN tutorial's (and NVIDIA's article's) CelebA model: 64x64, latent 100, width 64, RGB; a GPU size.</summary>
    public static DcganSettings Tutorial { get; } = new() { ImageSize = 64, Width = 64 };
}
