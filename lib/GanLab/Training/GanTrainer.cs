using GanLab.Models;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// Makes a <see cref="GanTrainer{T}"/> for a G/D pair: images or points (one tensor), or MSG-GAN's scales; from networks
/// you built, or from a model family's settings (then the settings go into every checkpoint).
/// </summary>
public static class GanTrainer
{
    /// <summary>A trainer for a pair whose samples are one tensor (DCGAN, the 2-D toys).</summary>
    public static GanTrainer<Tensor> Create(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator, TrainerOptions? options = null) =>
        new(generator, discriminator, SingleScale.Instance, options);

    /// <summary>A trainer for MSG-GAN: G's images at every scale go straight to D's matching blocks; real batches become pyramids. Default options: <see cref="TrainerOptions.MsgGan"/>.</summary>
    public static GanTrainer<Tensor[]> Create(MsgGanGenerator generator, MsgGanDiscriminator discriminator, TrainerOptions? options = null) =>
        new(generator, discriminator, MultiScale.Instance, options ?? TrainerOptions.MsgGan);

    /// <summary>A new DCGAN (G and D of <paramref name="model"/>'s sizes, on <paramref name="device"/> or the runtime's) and its trainer. Default options: <see cref="TrainerOptions.Dcgan"/>.</summary>
    public static GanTrainer<Tensor> Create(DcganSettings model, TrainerOptions? options = null, Device? device = null)
    {
        device ??= TorchRuntime.Current.Device;
        var trainer = Create(new DcganGenerator(model).to(device), new DcganDiscriminator(model).to(device), options ?? TrainerOptions.Dcgan);
        trainer.ModelSettings = model;
        return trainer;
    }

    /// <summary>A new MSG-GAN (G and D of <paramref name="model"/>'s sizes) and its trainer. Default options: <see cref="TrainerOptions.MsgGan"/>.</summary>
    public static GanTrainer<Tensor[]> Create(MsgGanSettings model, TrainerOptions? options = null, Device? device = null)
    {
        device ??= TorchRuntime.Current.Device;
        var trainer = Create(new MsgGanGenerator(model).to(device), new MsgGanDiscriminator(model).to(device), options ?? TrainerOptions.MsgGan);
        trainer.ModelSettings = model;
        return trainer;
    }

    /// <summary>A new 2-D toy GAN (MLP G and D of <paramref name="model"/>'s sizes) and its trainer. Default options: <see cref="TrainerOptions.Toy2d"/>.</summary>
    public static GanTrainer<Tensor> Create(Toy2dSettings model, TrainerOptions? options = null, Device? device = null)
    {
        device ??= TorchRuntime.Current.Device;
        var trainer = Create(new MlpGenerator(model).to(device), new MlpDiscriminator(model).to(device), options ?? TrainerOptions.Toy2d);
        trainer.ModelSettings = model;
        return trainer;
    }
}
