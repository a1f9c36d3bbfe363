using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>
/// The MSG-GAN discriminator: it reads an image at every scale (smallest first, as
/// <see cref="MsgGanGenerator"/> makes them, or as <see cref="Pyramid"/> makes from a real batch). The full-size
/// image enters through a 1x1 fromRGB convolution; each smaller scale is concatenated with the activations at the
/// block of matching size (the paper's φ_simple), so gradients reach every scale of G directly. Blocks: two 3x3
/// convolutions with LeakyReLU 0.2, then 2x2 average pooling; the final 4x4 block adds the minibatch standard
/// deviation feature, a 3x3 and a 4x4 convolution and a linear layer to one logit. Equalised learning rate throughout.
/// How it differs from the reference code (BMSG-GAN's learned linear fromRGB at every scale, msg-stylegan-tf's
/// combine convolution and per-block minibatch statistics) is listed in <see cref="MsgGanGenerator"/>'s remarks.
/// </summary>
public sealed class MsgGanDiscriminator : Module<Tensor[], Tensor>
{
    // snake_case field names as in PyTorch code (layers and final_block are the reference code's, BMSG-GAN's; from_rgb is
    // ProGAN's fromRGB): the state dict's keys read from_rgb.0.weight, layers.0.0.weight, final_block.1.weight, ...
    readonly Sequential from_rgb;
    readonly ModuleList<Module<Tensor, Tensor>> layers;
    readonly Sequential final_block;

    /// <summary>A discriminator of the sizes in <paramref name="settings"/>.</summary>
    public MsgGanDiscriminator(MsgGanSettings settings) : this(settings.ImageSize, settings.Width, settings.MaxWidth, settings.Channels) { }

    /// <param name="imageSize">Largest input size (a power of two from 8 up).</param>
    /// <param name="width">Channels at full resolution; they double at each halving, up to <paramref name="maxWidth"/>.</param>
    /// <param name="maxWidth">Most channels in any block.</param>
    /// <param name="channels">Image channels.</param>
    public MsgGanDiscriminator(int imageSize = 32, int width = 16, int maxWidth = 64, int channels = 3) : base(nameof(MsgGanDiscriminator))
    {
        Scales = ScaleCount(imageSize);
        int c = Width(imageSize, imageSize, width, maxWidth);
        // input: channels x imageSize x imageSize
        from_rgb = Sequential(new EqualizedConv2d(channels, c, 1), new LeakyReLU(0.2));
        // state size: c x imageSize x imageSize
        layers = new ModuleList<Module<Tensor, Tensor>>();
        for (int size = imageSize; size > 4; size /= 2)
        {
            int inputs = size == imageSize ? c : c + channels;   // φ_simple: [image at this scale; activations]
            int next = Width(size / 2, imageSize, width, maxWidth);
            layers.Add(Sequential(
                new EqualizedConv2d(inputs, c, 3, padding: 1),
                new LeakyReLU(0.2),
                new EqualizedConv2d(c, next, 3, padding: 1),
                new LeakyReLU(0.2),
                AvgPool2d(2)));
            c = next;
            // state size: c x (size/2) x (size/2)
        }
        // input of the final block: (channels + c) x 4 x 4, the 4x4 image concatenated
        final_block = Sequential(
            new MinibatchStdDev(),
            // state size: (channels + c + 1) x 4 x 4
            new EqualizedConv2d(channels + c + 1, c, 3, padding: 1),
            new LeakyReLU(0.2),
            new EqualizedConv2d(c, c, 4),
            new LeakyReLU(0.2),
            // state size: c x 1 x 1
            Flatten(),
            new EqualizedLinear(c, 1));
        // state size: 1
        RegisterComponents();
    }

    /// <summary>How many scales it reads: 4x4 up to the full size.</summary>
    public int Scales { get; }

    /// <summary>Images at every scale, smallest first → logits (N). Positive means "real".</summary>
    public override Tensor forward(Tensor[] inputs)
    {
        if (inputs.Length != Scales)
            throw new ArgumentException($"MSG-GAN discriminator reads {Scales} scales (4x4 to full size); got {inputs.Length}.", nameof(inputs));
        var y = from_rgb.forward(inputs[^1]);
        y = layers[0].forward(y);
        for (int i = 1; i < layers.Count; i++)
            y = layers[i].forward(cat(new[] { inputs[^(i + 1)], y }, 1));
        return final_block.forward(cat(new[] { inputs[0], y }, 1)).view(-1);
    }

    /// <summary>A real batch (N, C, S, S) → the same images at every scale, smallest (4x4) first, by 2x2 average pooling (as the reference code does).</summary>
    public static Tensor[] Pyramid(Tensor images)
    {
        int scales = ScaleCount((int)images.shape[^1]);
        var outputs = new Tensor[scales];
        outputs[^1] = images;
        for (int i = scales - 2; i >= 0; i--) outputs[i] = nn.functional.avg_pool2d(outputs[i + 1], 2);
        return outputs;
    }

    internal static int ScaleCount(int imageSize)
    {
        if (imageSize < 8 || (imageSize & (imageSize - 1)) != 0)
            throw new ArgumentException($"MSG-GAN image size must be a power of two, 8 or more; got {imageSize}.", nameof(imageSize));
        return (int)Math.Log2(imageSize) - 1;
    }

    internal static int Width(int size, int imageSize, int width, int maxWidth) => (int)Math.Min(maxWidth, (long)width * imageSize / size);
}
