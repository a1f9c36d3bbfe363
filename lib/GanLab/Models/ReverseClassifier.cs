using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>
/// The naive "reverse classifier": a label or attribute vector (N, inputs) → an image (N, channels, size, size),
/// trained with a pixel loss (MSE or L1) against real images carrying those labels. Its decoder is a DCGAN
/// generator that starts with a dense layer. Because many different images share one label vector, the pixel
/// loss is minimised by their average (MSE) or median (L1): it paints a blurred, averaged mask, not a face.
/// </summary>
public sealed class ReverseClassifier : Module<Tensor, Tensor>
{
    readonly DcganGenerator decoder;

    /// <param name="inputs">Length of the label or attribute vector.</param>
    /// <param name="imageSize">Output size (a power of two from 8 up).</param>
    /// <param name="width">Channels of the last hidden layer.</param>
    /// <param name="channels">Image channels.</param>
    public ReverseClassifier(int inputs, int imageSize = 32, int width = 32, int channels = 3) : base(nameof(ReverseClassifier))
    {
        Inputs = inputs;
        // labels (N, inputs) → dense → width·2^k x 4 x 4 → transposed convolutions → channels x imageSize x imageSize, tanh
        decoder = new DcganGenerator(imageSize, latent: inputs, width: width, channels: channels, dense: true);
        RegisterComponents();
    }

    /// <summary>Length of the label vector.</summary>
    public int Inputs { get; }

    /// <summary>Label vectors (N, inputs) → images (N, channels, size, size) in [-1, 1].</summary>
    public override Tensor forward(Tensor labels) => decoder.forward(labels);
}
