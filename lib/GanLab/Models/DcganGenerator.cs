using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>
/// The DCGAN generator (Radford et al. 2016; pytorch/examples dcgan): a latent vector z of shape
/// (N, latent) becomes an image (N, channels, size, size) in [-1, 1]. Each transposed convolution doubles
/// the size and halves the width, from 4x4 up to <c>imageSize</c> (32, 64 or 128).
/// </summary>
public sealed class DcganGenerator : Module<Tensor, Tensor>
{
    readonly Sequential main;

    /// <param name="imageSize">Output size: 32, 64 or 128 (any power of two from 8 up).</param>
    /// <param name="latent">Length of z (nz; 100 in the paper).</param>
    /// <param name="width">Channels of the last hidden layer (ngf; 64 in the paper, 32 for CPU workshops).</param>
    /// <param name="channels">Image channels (nc): 3 for RGB, 1 for gray.</param>
    public DcganGenerator(int imageSize = 32, int latent = 100, int width = 32, int channels = 3) : base(nameof(DcganGenerator))
    {
        int stages = Stages(imageSize);
        ImageSize = imageSize;
        Latent = latent;
        var layers = new List<Module<Tensor, Tensor>>();
        int c = width << (stages - 1);
        // input: latent x 1 x 1
        layers.Add(ConvTranspose2d(latent, c, 4, 1, 0, bias: false));
        layers.Add(BatchNorm2d(c));
        layers.Add(ReLU(inplace: true));
        // state size: (width * 2^(stages-1)) x 4 x 4
        for (int size = 8; size < imageSize; size *= 2)
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

    /// <summary>z (N, latent) or (N, latent, 1, 1) → images (N, channels, size, size).</summary>
    public override Tensor forward(Tensor z) => main.forward(z.dim() == 2 ? z.view(z.shape[0], z.shape[1], 1, 1) : z);

    internal static int Stages(int imageSize)
    {
        if (imageSize < 8 || (imageSize & (imageSize - 1)) != 0)
            throw new ArgumentException($"DCGAN image size must be a power of two, 8 or more (32, 64, 128); got {imageSize}.", nameof(imageSize));
        return (int)Math.Log2(imageSize) - 2;
    }
}
