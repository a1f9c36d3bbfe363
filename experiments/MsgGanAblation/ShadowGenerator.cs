using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MsgGanAblation;

/// <summary>
/// A read-out of the training run: an exponential moving average of G's weights, updated after every G step
/// (shadow ← β·shadow + (1 − β)·G; buffers such as batch-norm statistics copied), as BMSG-GAN's update_average and
/// StyleGAN's Gs do. It never feeds back into training, so one run gives G and every average at once.
/// </summary>
sealed class ShadowGenerator : IDisposable
{
    readonly Parameter[] _shadow;
    readonly Parameter[] _source;
    readonly Tensor[] _shadowBuffers;
    readonly Tensor[] _sourceBuffers;

    public ShadowGenerator(string name, nn.Module shadow, nn.Module source, Func<long, double> beta)
    {
        Name = name;
        Module = shadow;
        Beta = beta;
        _shadow = shadow.parameters().ToArray();
        _source = source.parameters().ToArray();
        _shadowBuffers = shadow.buffers().ToArray();
        _sourceBuffers = source.buffers().ToArray();
        using var _ = no_grad();
        for (int i = 0; i < _shadow.Length; i++) _shadow[i].copy_(_source[i]);
        Module.eval();
    }

    /// <summary>"ema0.999", "ema-hl10k".</summary>
    public string Name { get; }

    public nn.Module Module { get; }

    /// <summary>The decay of one G step, given the images seen so far (a ramp-up shortens the average early on).</summary>
    public Func<long, double> Beta { get; }

    public void Update(long imagesSeen)
    {
        using var _ = no_grad();
        double beta = Beta(imagesSeen);
        for (int i = 0; i < _shadow.Length; i++) _shadow[i].lerp_(_source[i], 1 - beta);
        for (int i = 0; i < _shadowBuffers.Length; i++) _shadowBuffers[i].copy_(_sourceBuffers[i]);
    }

    public void Dispose() => Module.Dispose();
}
