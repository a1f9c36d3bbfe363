using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>
/// The DCGAN generator (Radford et al. 2016; pytorch/examples dcgan): a latent vector z of shape
/// (N, latent) becomes an image (N, channels, size, size) in [-1, 1]. Each transposed convolution doubles
/// the size and halves the width, from 4x4 up to <c>imageSize</c> (32, 64 or 128).
/// With <c>dense: true</c> the first layer is a dense (Linear) layer to <c>startSize</c> x <c>startSize</c>
/// instead of a 4x4 transposed convolution: the 128x128 generator of the eye article (<i>This eye does not exist</i>,
/// the blog behind thiseyedoesnotexist.com) is <c>new DcganGenerator(128, latent: 100, width: 64, dense: true, startSize: 16)</c>
/// (dense to 16x16x256, then transposed convolutions to 32x32x128, 64x64x64 and 128x128x3).
/// </summary>
public sealed class DcganGenerator : Module<Tensor, Tensor>, IGenerator
{
    readonly Sequential main;   // pytorch/examples' name (netG.main): the state dict's keys are main.0.weight, ... as in PyTorch
    readonly int _width, _channels, _startSize;
    readonly bool _dense;

    /// <summary>A generator of the sizes in <paramref name="settings"/>.</summary>
    public DcganGenerator(DcganSettings settings) : this(settings.ImageSize, settings.Latent, settings.Width, settings.Channels) { }

    /// <param name="imageSize">Output size: 32, 64 or 128 (any power of two from 8 up).</param>
    /// <param name="latent">Length of z (nz; 100 in the paper).</param>
    /// <param name="width">Channels of the last hidden layer (ngf; 64 in the paper, 32 for CPU workshops).</param>
    /// <param name="channels">Image channels (nc): 3 for RGB, 1 for gray.</param>
    /// <param name="dense">Start with a dense (Linear) layer instead of a 4x4 transposed convolution.</param>
    /// <param name="startSize">Side of the first feature map: 4, or with <paramref name="dense"/> any power of two below the image size.</param>
    public DcganGenerator(int imageSize = 32, int latent = 100, int width = 32, int channels = 3, bool dense = false, int startSize = 4)
        : base(nameof(DcganGenerator))
    {
        CheckImageSize(imageSize);
        if (startSize < 4 || (startSize & (startSize - 1)) != 0 || startSize >= imageSize)
            throw new ArgumentException($"startSize must be a power of two from 4 up and below the image size {imageSize}; got {startSize}.", nameof(startSize));
        if (startSize != 4 && !dense)
            throw new ArgumentException($"startSize {startSize} needs dense: true (a transposed convolution from 1x1 makes 4x4).", nameof(startSize));
        ImageSize = imageSize;
        Latent = latent;
        (_width, _channels, _dense, _startSize) = (width, channels, dense, startSize);
        var layers = new List<Module<Tensor, Tensor>>();
        // Channels of the first feature map: ngf * 8 for 64x64 from 4x4 (pytorch/examples), ngf * 4 for 32x32;
        // they halve at each doubling of the size, down to ngf at imageSize / 2.
        int c = width * (imageSize / startSize / 2);
        if (dense)
        {
            // input: latent
            layers.Add(Linear(latent, c * startSize * startSize, hasBias: false));
            layers.Add(Unflatten(1, new long[] { c, startSize, startSize }));
        }
        else
        {
            // input: latent x 1 x 1
            layers.Add(ConvTranspose2d(latent, c, 4, 1, 0, bias: false));
        }
        layers.Add(BatchNorm2d(c));
        layers.Add(ReLU(inplace: true));
        // state size: c x startSize x startSize
        for (int size = startSize * 2; size < imageSize; size *= 2)
        {
            layers.Add(ConvTranspose2d(c, c / 2, 4, 2, 1, bias: false));
            layers.Add(BatchNorm2d(c / 2));
            layers.Add(ReLU(inplace: true));
            c /= 2;
            // state size: c x size x size, ending at width x (imageSize/2) x (imageSize/2)
        }
        layers.Add(ConvTranspose2d(c, channels, 4, 2, 1, bias: false));
        layers.Add(Tanh());
        // state size: channels x imageSize x imageSize
        main = Sequential(layers);
        RegisterComponents();
        DcganInit.Apply(this);
    }

    /// <summary>Side of the images this generator makes.</summary>
    public int ImageSize { get; }

    /// <summary>Length of the latent vector z.</summary>
    public int Latent { get; }

    /// <inheritdoc cref="IGenerator.Copy"/>
    public DcganGenerator Copy() => IGenerator.Copy(this, () => new DcganGenerator(ImageSize, Latent, _width, _channels, _dense, _startSize));

    nn.Module IGenerator.Copy() => Copy();

    /// <summary>z (N, latent) or (N, latent, 1, 1) → images (N, channels, size, size).</summary>
    public override Tensor forward(Tensor z)
    {
        if (_dense) return main.forward(z.dim() == 4 ? z.flatten(1) : z);
        return main.forward(z.dim() == 2 ? z.view(z.shape[0], z.shape[1], 1, 1) : z);
    }

    /// <summary>Throws unless <paramref name="imageSize"/> is a power of two from 8 up (the sizes that halve down to 4x4).</summary>
    internal static void CheckImageSize(int imageSize)
    {
        if (imageSize < 8 || (imageSize & (imageSize - 1)) != 0)
            throw new ArgumentException($"DCGAN image size must be a power of two, 8 or more (32, 64, 128); got {imageSize}.", nameof(imageSize));
    }
}
