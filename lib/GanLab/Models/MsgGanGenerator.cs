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
/// <para>Audited line by line against the reference code, akanimax/BMSG-GAN (<c>sourcecode/MSG_GAN</c>: GAN.py,
/// CustomLayers.py, Losses.py, train.py) and the paper's own code, akanimax/msg-stylegan-tf (training/networks_stylegan.py,
/// loss.py, training_loop.py). <b>The same as BMSG-GAN:</b> the block structure (nearest upsampling, two 3x3 convolutions,
/// each followed by LeakyReLU 0.2 then pixel norm; the 4x4 block is a dense layer from z, LeakyReLU, a 3x3 convolution,
/// LeakyReLU, pixel norm), equalised learning rate in every layer including toRGB (weights N(0, 1) times √2/√fan_in,
/// biases 0), linear toRGB outputs, real images per scale by average pooling, the relativistic average hinge loss,
/// Adam(0.003, β 0, 0.99), one D step then one G step on the same z, D's minibatch standard deviation over the whole batch
/// in its last block only, D's final block (3x3 convolution, 4x4 convolution, a linear output of gain √2).</para>
/// <para><b>Different, and why</b> (each one an option, a parameter or an arm of <c>ganlab ablation msggan</c>):</para>
/// <list type="bullet">
/// <item>Widths: BMSG-GAN uses 512 channels (= its latent size) in every G block up to 32x32 and 512-wide D blocks
/// (256 from the image, 256 from the path); here channels start at <c>width</c> at full size and double at each halving up
/// to <c>maxWidth</c> (16 to 64 by default), about 1/500 of the reference's compute, so a 32x32 model trains on two cores.
/// A flat profile as the reference's is <c>width</c> = <c>maxWidth</c>.</item>
/// <item>Latent: 128 numbers, not 512. BMSG-GAN scales z onto the sphere of radius √latent before G (training and
/// sampling), msg-stylegan-tf pixel-normalises z (the same thing); here that is <c>normalizeLatents</c>. With zero biases
/// G ignores z's length anyway (LeakyReLU and pixel norm); it matters through the trained biases.</item>
/// <item>The 4x4 block's first layer: BMSG-GAN writes it as a transposed convolution from 1x1 (one bias per channel);
/// here it is the equivalent dense layer, with one bias per channel and pixel (16 times as many biases).</item>
/// <item>D's combine function: BMSG-GAN passes each smaller scale through a learned linear 1x1 fromRGB (half the block's
/// input channels) before concatenating it (the paper's φ_lin_cat); msg-stylegan-tf uses a 1x1 convolution over the
/// concatenation (φ_cat_lin). Here the raw image is concatenated (φ_simple, the paper's best for MSG-ProGAN), and the
/// full-size fromRGB has a LeakyReLU (msg-stylegan-tf's; BMSG-GAN's is linear).</item>
/// <item>msg-stylegan-tf's toRGB and D output have gain 1 (BMSG-GAN's √2, as here); it adds a [1, 2, 1] blur around
/// resampling, minibatch standard deviation in groups of 4 at every D block and StyleGAN's mapping network, styles and
/// noise: not part of MSG-ProGAN, left out. Its loss, non-saturating with an R1 penalty (γ 10, averaged over the scales),
/// is a trainer option (<c>Loss</c> ns, <see cref="GanLab.Training.TrainerOptions.R1Gamma"/> 10; the ablation's arm msg-ns-r1).</item>
/// <item>Training, outside the model: both references sample from an exponential moving average of G's weights
/// (BMSG-GAN: decay 0.999 per step; msg-stylegan-tf: half-life 10,000 images), use flips, batch 20 (BMSG-GAN), and train
/// far longer (the maintainer: "around 1000 epochs" for under 10,000 images; the course's long budget is 19).</item>
/// </list>
/// </remarks>
public sealed class MsgGanGenerator : Module<Tensor, Tensor[]>, IGenerator
{
    // The reference code's (BMSG-GAN's) field names, snake_case as in PyTorch: the state dict's keys read
    // layers.0.0.weight, rgb_converters.3.weight, ... as in its checkpoints.
    readonly ModuleList<Module<Tensor, Tensor>> layers;
    readonly ModuleList<Module<Tensor, Tensor>> rgb_converters;
    readonly int _width, _maxWidth, _channels;
    // Cached: a Scalar made per call (y * Math.Sqrt(Latent), clamp_min(1e-8)) can be freed by another thread's GC while
    // libtorch reads it (TorchSharp 0.107, dotnet/TorchSharp#1434).
    static readonly Scalar Epsilon = 1e-8;
    readonly Scalar _sqrtLatent;   // √latent, the radius of the sphere z is scaled onto

    /// <summary>A generator of the sizes in <paramref name="settings"/>.</summary>
    public MsgGanGenerator(MsgGanSettings settings) : this(settings.ImageSize, settings.Latent, settings.Width, settings.MaxWidth, settings.Channels) { }

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
        _sqrtLatent = Math.Sqrt(latent).ToScalar();
        (_width, _maxWidth, _channels) = (width, maxWidth, channels);
        int c = MsgGanDiscriminator.Width(4, imageSize, width, maxWidth);
        layers = new ModuleList<Module<Tensor, Tensor>>();
        rgb_converters = new ModuleList<Module<Tensor, Tensor>>();
        // input: latent
        layers.Add(Sequential(
            new EqualizedLinear(latent, c * 16),
            Unflatten(1, new long[] { c, 4, 4 }),
            new LeakyReLU(0.2),
            new EqualizedConv2d(c, c, 3, padding: 1),
            new LeakyReLU(0.2),
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
                new LeakyReLU(0.2),
                new PixelNorm(),
                new EqualizedConv2d(next, next, 3, padding: 1),
                new LeakyReLU(0.2),
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

    /// <inheritdoc cref="IGenerator.Copy"/>
    public MsgGanGenerator Copy() => IGenerator.Copy(this, () => new MsgGanGenerator(ImageSize, Latent, _width, _maxWidth, _channels, NormalizeLatents));

    nn.Module IGenerator.Copy() => Copy();

    /// <summary>z (N, latent) → images at every scale, smallest (4x4) first, full size last.</summary>
    public override Tensor[] forward(Tensor z)
    {
        var outputs = new Tensor[Scales];
        var y = z.dim() == 4 ? z.flatten(1) : z;
        if (NormalizeLatents) y = y * _sqrtLatent / y.norm(1, keepdim: true).clamp_min(Epsilon);
        for (int i = 0; i < Scales; i++)
        {
            y = layers[i].forward(y);
            outputs[i] = rgb_converters[i].forward(y);
        }
        return outputs;
    }
}
