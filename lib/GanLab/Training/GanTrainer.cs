using GanLab.Models;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>Makes a <see cref="GanTrainer{T}"/> for a G/D pair: images or points (one tensor), or MSG-GAN's scales.</summary>
public static class GanTrainer
{
    /// <summary>A trainer for a pair whose samples are one tensor (DCGAN, the 2-D toys).</summary>
    public static GanTrainer<Tensor> Create(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator, TrainerOptions? options = null) =>
        new(generator, discriminator, SingleScale.Instance, options);

    /// <summary>A trainer for MSG-GAN: G's images at every scale go straight to D's matching blocks; real batches become pyramids. Default options: <see cref="TrainerOptions.MsgGan"/>.</summary>
    public static GanTrainer<Tensor[]> Create(MsgGanGenerator generator, MsgGanDiscriminator discriminator, TrainerOptions? options = null) =>
        new(generator, discriminator, MultiScale.Instance, options ?? TrainerOptions.MsgGan);
}
