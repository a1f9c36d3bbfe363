using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>
/// The encoder E of NVIDIA's article: the DCGAN discriminator's body with a latent-sized head, so an image
/// (N, channels, size, size) becomes a latent vector (N, latent). Trained to invert a generator
/// (z → G(z) → E ≈ z), it gives a starting point for editing real images in latent space.
/// Layer names match <see cref="DcganDiscriminator"/>'s, so <see cref="LoadBody"/> can start from a trained D.
/// </summary>
public sealed class DcganEncoder : Module<Tensor, Tensor>
{
    readonly Sequential main;   // the discriminator's name, so D's body loads by key (main.0.weight, ...)

    /// <summary>An encoder for the generator of <paramref name="settings"/> (D's sizes, with a latent head).</summary>
    public DcganEncoder(DcganSettings settings) : this(settings.ImageSize, settings.Latent, settings.Width, settings.Channels) { }

    /// <param name="imageSize">Input size: 32, 64 or 128.</param>
    /// <param name="latent">Length of the latent vector it predicts (the generator's nz).</param>
    /// <param name="width">Channels of the first layer (as the discriminator's ndf).</param>
    /// <param name="channels">Image channels.</param>
    public DcganEncoder(int imageSize = 32, int latent = 100, int width = 32, int channels = 3) : base(nameof(DcganEncoder))
    {
        Latent = latent;
        main = Sequential(DcganDiscriminator.Body(imageSize, width, channels, out int c).Append(Conv2d(c, latent, 4, 1, 0, bias: false)));
        // state size: latent x 1 x 1
        RegisterComponents();
        DcganInit.Apply(this);
    }

    /// <summary>Length of the latent vector this encoder predicts.</summary>
    public int Latent { get; }

    /// <summary>Images → latent vectors (N, latent).</summary>
    public override Tensor forward(Tensor x) => main.forward(x).flatten(1);

    /// <summary>Copies a discriminator's body weights (every tensor whose name and shape match; not the head). Returns how many were copied.</summary>
    public int LoadBody(DcganDiscriminator discriminator)
    {
        using var _ = no_grad();
        var mine = state_dict();
        int copied = 0;
        foreach (var (name, source) in discriminator.state_dict())
        {
            if (mine.TryGetValue(name, out var target) && target.shape.SequenceEqual(source.shape))
            {
                target.copy_(source);
                copied++;
            }
        }
        return copied;
    }
}
