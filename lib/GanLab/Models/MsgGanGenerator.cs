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
public sealed class MsgGanGenerator : Module<Tensor, Tensor[]>, IGenerator
{
    readonly ModuleList<Module<Tensor, Tensor>> layers;
    readonly ModuleList<Module<Tensor, Tensor>> rgb_converters;

    /// <param name="imageSize">Largest output size (a power of two from 8 up).</param>
    /// <param name="latent">Length of z.</param>
    /// <param name="width">Channels at full resolution; they double at each halving of the size, up to <paramref name="maxWidth"/>.</param>
    /// <param name="maxWidth">Most channels in any block (at the small scales).</param>
    /// <param name="channels">Image channels.</param>
    public MsgGanGenerator(int imageSize = 32, int latent = 128, int width = 16, int maxWidth = 64, int channels = 3) : base(nameof(MsgGanGenerator))
    {
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

    /// <summary>z (N, latent) → images at every scale, smallest (4x4) first, full size last.</summary>
    public override Tensor[] forward(Tensor z)
    {
        var outputs = new Tensor[Scales];
        var y = z.dim() == 4 ? z.flatten(1) : z;
        for (int i = 0; i < Scales; i++)
        {
            y = layers[i].forward(y);
            outputs[i] = rgb_converters[i].forward(y);
        }
        return outputs;
    }
}
