namespace GanLab.Models;

/// <summary>
/// An MSG-GAN's sizes: they build <see cref="MsgGanGenerator"/> and <see cref="MsgGanDiscriminator"/>. Channels start at
/// <see cref="Width"/> at full size and double at each halving, up to <see cref="MaxWidth"/>.
/// </summary>
public sealed record MsgGanSettings : ModelSettings
{
    /// <summary>The name <c>ganlab train --model</c> and checkpoints use.</summary>
    public const string ModelName = "msggan";

    /// <inheritdoc/>
    public override string Model => ModelName;

    /// <summary>Largest image side (a power of two from 8 up).</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Length of z.</summary>
    public int Latent { get; init; } = 128;

    /// <summary>Channels at full resolution.</summary>
    public int Width { get; init; } = 16;

    /// <summary>Most channels in any block (at the small scales).</summary>
    public int MaxWidth { get; init; } = 64;

    /// <summary>Image channels.</summary>
    public int Channels { get; init; } = 3;

    /// <summary>The course's CPU size: 32x32, latent 128, widths 16 to 64, RGB (what <c>ganlab train --model msggan</c> trains).</summary>
    public static MsgGanSettings Workshop { get; } = new();
}
