using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>
/// The MSG-GAN generator (Karnewar and Wang, CVPR 2020), ProGAN-style: z (N, latent) becomes an image at
/// every resolution from 4x4 up to <c>imageSize</c>, returned smallest first. Each block upsamples (nearest)
/// and applies two 3x3 convolutions with LeakyReLU 0.2 and pixel norm; a 1x1 convolution (toRGB) turns each
/// block's activations into that scale's image. All layers use the equalised learning rate; the toRGB
/// outputs are linear, as in the paper and its reference code (real images are in [-1, 1]).
/// </summary>
/// <remarks>
/// What this CPU-size version takes from the paper and the reference code (akanimax/BMSG-GAN), and why:
/// <list type="bullet">
/// <item>φ_simple in D (each scale's raw image concatenated with the block's activations): the paper's best combine
/// function for MSG-ProGAN, and the plainest way to show gradients reaching every scale.</item>
/// <item>Pixel norm in G instead of batch norm: the paper's (ProGAN's) normalisation; no batch statistics, so a
/// sample does not depend on its batch-mates.</item>
/// <item>Minibatch standard deviation in D's last block: in the paper and the reference code; cheap, and it gives D a
/// direct view of a batch's variety, which matters in the course's mode-collapse comparisons.</item>
/// <item>Equalised learning rate everywhere: the published optimiser, Adam(lr 0.003, β 0, 0.99), assumes it (plain
/// layers diverge at that rate), and it keeps every layer learning at the same speed.</item>
/// <item>Loss: relativistic average hinge by default (<see cref="Training.TrainerOptions.MsgGan"/>), the reference
/// code's default; it needs one backward pass per D step, where WGAN-GP's gradient penalty roughly doubles D's cost
/// on a CPU. WGAN-GP (the paper's MSG-ProGAN loss, penalty averaged over all scales) is one option away (<c>wgan-gp</c>).</item>
/// <item>Left out: the exponential moving average of G's weights (a sampling refinement, not part of the multi-scale
/// idea), ProGAN's normalisation of z, and the φ_lin_cat / φ_cat_lin variants. Widths are scaled down (16 to 64
/// channels rather than 512) so a 32x32 model trains on two cores; the first 4x4 block's transposed convolution
/// from 1x1 is written as the equivalent dense layer.</item>
/// </list>
/// </remarks>
public sealed class MsgGanGenerator : Module<Tensor, Tensor[]>, IGenerator
{
    readonly ModuleList<Module<Tensor, Tensor>> layers;
    readonly ModuleList<Module<Tensor, Tensor>> rgb_converters;

    /// <param name="imageSize">Largest output size (a power of two from 8 up).</param>
    /// <param name="latent">Length of z.</param>
    /// <param name="width">Channels at full resolution; they double at each halving of the size, up to <paramref name="maxWidth"/>.</param>
    /// <param name="maxWidth">Most channels in any block (at the small scales).</param>
    /// <param name="channels">Image channels.</param>
    /// <param name="normalizeLatents">Scale each z onto the sphere of radius √latent before the first layer (the reference code's latent normalisation).</param>
    public MsgGanGenerator(int imageSize = 32, int latent = 128, int width = 16, int maxWidth = 64, int channels = 3, bool normalizeLatents = false) : base(nameof(MsgGanGenerator))
    {
        NormalizeLatents = normalizeLatents;
        Scales = MsgGanDiscriminator.ScaleCount(imageSize);
        ImageSize = imageSize;
        Latent = latent;
        int c = MsgGanDiscriminator.Width(4, imageSize, width, maxWidth);
        layers = new ModuleList<Module<Tensor, Tensor>>();
        rgb_converters = new ModuleList<Module<Tensor, Tensor>>();
        // input: latent
        layers.Add(Sequential(
            new EqualizedLinear(latent, c * 16),
            Unflatten(1, new long[] { c, 4, 4 }),
            LeakyReLU(0.2),
            new EqualizedConv2d(c, c, 3, padding: 1),
            LeakyReLU(0.2),
            new PixelNorm()));
        // state size: c x 4 x 4
        rgb_converters.Add(new EqualizedConv2d(c, channels, 1));
        // image: channels x 4 x 4
        for (int size = 8; size <= imageSize; size *= 2)
        {
            int next = MsgGanDiscriminator.Width(size, imageSize, width, maxWidth);
            layers.Add(Sequential(
                Upsample(scale_factor: new[] { 2.0, 2.0 }, mode: UpsampleMode.Nearest),
                new EqualizedConv2d(c, next, 3, padding: 1),
                LeakyReLU(0.2),
                new PixelNorm(),
                new EqualizedConv2d(next, next, 3, padding: 1),
                LeakyReLU(0.2),
                new PixelNorm()));
            c = next;
            // state size: c x size x size
            rgb_converters.Add(new EqualizedConv2d(c, channels, 1));
            // image: channels x size x size
        }
        RegisterComponents();
    }

    /// <summary>Side of the largest image.</summary>
    public int ImageSize { get; }

    /// <summary>Length of z.</summary>
    public int Latent { get; }

    /// <summary>How many images (scales) one forward pass returns: 4x4 up to the full size.</summary>
    public int Scales { get; }

    /// <summary>Whether z is scaled onto the sphere of radius √latent first (z·√latent/‖z‖).</summary>
    public bool NormalizeLatents { get; }

    /// <summary>z (N, latent) → images at every scale, smallest (4x4) first, full size last.</summary>
    public override Tensor[] forward(Tensor z)
    {
        var outputs = new Tensor[Scales];
        var y = z.dim() == 4 ? z.flatten(1) : z;
        if (NormalizeLatents) y = y * Math.Sqrt(Latent) / y.norm(1, keepdim: true).clamp_min(1e-8);
        for (int i = 0; i < Scales; i++)
        {
            y = layers[i].forward(y);
            outputs[i] = rgb_converters[i].forward(y);
        }
        return outputs;
    }
}
