using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>
/// The DCGAN discriminator: an image (N, channels, size, size) becomes one logit per image, shape (N).
/// Strided convolutions halve the size and double the width down to 4x4; LeakyReLU 0.2; no sigmoid
/// (the losses take logits, which is numerically safer than BCE on probabilities).
/// </summary>
public sealed class DcganDiscriminator : Module<Tensor, Tensor>
{
    readonly Sequential main;   // pytorch/examples' name (netD.main): the state dict's keys are main.0.weight, ... as in PyTorch

    /// <summary>A discriminator of the sizes in <paramref name="settings"/>.</summary>
    public DcganDiscriminator(DcganSettings settings) : this(settings.ImageSize, settings.Width, settings.Channels) { }

    /// <param name="imageSize">Input size: 32, 64 or 128.</param>
    /// <param name="width">Channels of the first layer (ndf; 64 in the paper, 32 for CPU workshops).</param>
    /// <param name="channels">Image channels (nc).</param>
    public DcganDiscriminator(int imageSize = 32, int width = 32, int channels = 3) : base(nameof(DcganDiscriminator))
    {
        main = Sequential(Body(imageSize, width, channels, out int c).Append(Conv2d(c, 1, 4, 1, 0, bias: false)));
        // state size: 1 x 1 x 1
        FeatureSize = c * 16;
        RegisterComponents();
        DcganInit.Apply(this);
    }

    /// <summary>Length of the feature vector <see cref="Features"/> returns: channels x 4 x 4 of the last hidden layer.</summary>
    public long FeatureSize { get; }

    /// <summary>Images → logits (N). Positive means "real".</summary>
    public override Tensor forward(Tensor x) => main.forward(x).view(-1);

    /// <summary>Images → the last hidden layer's activations, flattened (N, <see cref="FeatureSize"/>): D's view of an image, for clustering.</summary>
    public Tensor Features(Tensor x)
    {
        var layers = main.children().Cast<Module<Tensor, Tensor>>().ToList();
        for (int i = 0; i < layers.Count - 1; i++) x = layers[i].forward(x);
        return x.flatten(1);
    }

    /// <summary>The convolutional body shared by the discriminator and <see cref="DcganEncoder"/>: image → c x 4 x 4.</summary>
    internal static List<Module<Tensor, Tensor>> Body(int imageSize, int width, int channels, out int c)
    {
        DcganGenerator.CheckImageSize(imageSize);
        var layers = new List<Module<Tensor, Tensor>>();
        // input: channels x imageSize x imageSize
        layers.Add(Conv2d(channels, width, 4, 2, 1, bias: false));
        layers.Add(new LeakyReLU(0.2, inplace: true));
        c = width;
        // state size: width x (imageSize/2) x (imageSize/2)
        for (int size = imageSize / 2; size > 4; size /= 2)
        {
            layers.Add(Conv2d(c, c * 2, 4, 2, 1, bias: false));
            layers.Add(BatchNorm2d(c * 2));
            layers.Add(new LeakyReLU(0.2, inplace: true));
            c *= 2;
            // state size: c x (size/2) x (size/2), ending at (width * 2^k) x 4 x 4
        }
        return layers;
    }
}
