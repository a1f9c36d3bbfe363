using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// 1 − x, 1 + x and a + b as TorchSharp computes them, but without a Scalar made per call. TorchSharp 0.107 turns the 1
/// into a temporary Scalar, and add(...) makes one more for its alpha = 1 (even for tensor + tensor); a garbage
/// collection started by another thread while libtorch runs can let the finalizer free it mid-call ("Unknown scalar
/// type", or a segfault: dotnet/TorchSharp#1434). Here the 1 is made once, so the numbers are the same, bit for bit.
/// </summary>
/// <remarks>
/// Out of our reach, TorchSharp still makes such Scalars inside softplus (two per call: the ns and minimax losses), batch
/// norm in training (two) and Adam.step (several per parameter). Its LeakyReLU module made one per call too: the models
/// use GanLab's <see cref="Models.LeakyReLU"/>.
/// </remarks>
static class Arithmetic
{
    // Cached: static fields are never collected, so libtorch always reads a live Scalar. The trainers' 1 and 2 (the
    // gradient penalty's (‖∇‖ − 1)²) come from here too.
    internal static readonly Scalar One = 1, Two = 2;

    /// <summary>1 − x (TorchSharp's 1 - x is −x + 1).</summary>
    public static Tensor OneMinus(Tensor x) => x.negative().add(One, One);

    /// <summary>1 + x.</summary>
    public static Tensor OnePlus(Tensor x) => x.add(One, One);

    /// <summary>a + b.</summary>
    public static Tensor Plus(Tensor a, Tensor b) => a.add(b, One);
}
