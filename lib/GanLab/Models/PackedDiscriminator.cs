using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>
/// PacGAN's packing (Lin et al. 2018): D judges <see cref="Pack"/> samples at once instead of one. Consecutive samples
/// of a batch (drawn independently) are concatenated along the feature or channel axis, so (N, C, ...) becomes
/// (N / m, m·C, ...) and D gives one output per pack. A collapsed generator makes packs of near-identical samples,
/// which real packs never are, so D can punish the lack of variety. The wrapped D must accept m times the channels
/// (for example <c>new MlpDiscriminator(inputs: 2 * m)</c> or <c>new DcganDiscriminator(32, channels: 3 * m)</c>).
/// </summary>
/// <example><code>
/// var d = new PackedDiscriminator(new MlpDiscriminator(inputs: 4), pack: 2);   // PacGAN2 on 2-D points
/// var trainer = GanTrainer.Create(new MlpGenerator(), d, TrainerOptions.Toy2d);  // batch size must be even
/// </code></example>
public sealed class PackedDiscriminator : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> inner;

    /// <param name="discriminator">D for packed inputs: m times the channels (features) of one sample.</param>
    /// <param name="pack">How many samples D sees at once (PacGAN2: 2).</param>
    public PackedDiscriminator(nn.Module<Tensor, Tensor> discriminator, int pack = 2) : base(nameof(PackedDiscriminator))
    {
        if (pack < 1) throw new ArgumentException($"pack must be 1 or more; got {pack}.", nameof(pack));
        inner = discriminator;
        Pack = pack;
        RegisterComponents();
    }

    /// <summary>Samples per pack (m).</summary>
    public int Pack { get; }

    /// <summary>Samples (N, C, ...) with N a multiple of <see cref="Pack"/> → one output per pack (N / m).</summary>
    public override Tensor forward(Tensor x) => inner.forward(Packed(x));

    /// <summary>(N, C, ...) → (N / m, m·C, ...): sample k·m + j's channels land at positions j·C to (j+1)·C − 1 of pack k.</summary>
    public Tensor Packed(Tensor x)
    {
        long n = x.shape[0];
        if (n % Pack != 0) throw new ArgumentException($"The batch ({n}) must be a multiple of the pack size {Pack}.", nameof(x));
        var shape = x.shape.ToArray();
        shape[0] = n / Pack;
        shape[1] *= Pack;
        return x.reshape(shape);
    }
}
