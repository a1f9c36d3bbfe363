using GanLab.Models;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Cli.Ablation;

/// <summary>One arm of the MSG-GAN ablation: a model and every setting the collapse could depend on.</summary>
public sealed record AblationArm(
    string Name, string Description, string Model = MsgGanSettings.ModelName,
    double LearningRate = 3e-3, double Beta1 = 0, double Beta2 = 0.99, string Loss = "rahinge",
    int Latent = 128, int Width = 16, int MaxWidth = 64, bool NormalizeLatents = false, double R1Gamma = 0)
{
    /// <summary>DCGAN as notebook 5 trains it: the yardstick every MSG-GAN arm is compared with.</summary>
    static AblationArm Dcgan { get; } = new("dcgan", "DCGAN as notebook 5 trains it: width 32, latent 100, ns loss, Adam(2e-4, 0.5, 0.999)",
        Model: DcganSettings.ModelName, LearningRate: 2e-4, Beta1: 0.5, Beta2: 0.999, Loss: "ns", Latent: 100, Width: 32, MaxWidth: 0);

    /// <summary>The arms: DCGAN (the yardstick) and its learning-rate sweep, the shipped MSG-GAN, then one factor changed at a time toward the reference code (or away from it).</summary>
    public static IReadOnlyList<AblationArm> All { get; } = new AblationArm[]
    {
        Dcgan,
        Dcgan with { Name = "dcgan-lr7e-5", Description = "DCGAN at a third of its learning rate (7e-5): notebook 5's learning-rate sweep", LearningRate = 7e-5 },
        Dcgan with { Name = "dcgan-lr6e-4", Description = "DCGAN at three times its learning rate (6e-4): notebook 5's learning-rate sweep", LearningRate = 6e-4 },
        Dcgan with { Name = "dcgan-r1", Description = "DCGAN with the R1 penalty of msg-ns-r1 (γ 10): does the penalty help DCGAN as much?", R1Gamma = 10 },
        Dcgan with { Name = "dcgan-r1-0.01", Description = "DCGAN with a light R1 penalty, γ 0.01 (StyleGAN2-ADA's CIFAR-10 setting): is dcgan-r1's γ 10 only too strong?", R1Gamma = 0.01 },
        new("msg", "MSG-GAN as shipped (notebook 5): widths 16-64, latent 128, rahinge, Adam(3e-3, 0, 0.99), z not normalised"),
        new("msg-lr1e-2", "learning rate 1e-2 (the top of the paper's sweep, 1e-3 to 1e-2)", LearningRate: 1e-2),
        new("msg-lr1e-3", "learning rate 1e-3", LearningRate: 1e-3),
        new("msg-lr3e-4", "learning rate 3e-4", LearningRate: 3e-4),
        new("msg-b1-0.5", "Adam β1 0.5 (DCGAN's) instead of 0", Beta1: 0.5),
        new("msg-ns", "non-saturating loss (DCGAN's, msg-stylegan-tf's without R1) instead of rahinge", Loss: "ns"),
        new("msg-norm", "z scaled onto the sphere of radius √latent (the reference code)", NormalizeLatents: true),
        new("msg-w32", "flat widths 32 at every scale (the reference is flat: 512 at every scale up to 32x32)", Width: 32, MaxWidth: 32),
        new("msg-w64", "flat widths 64 at every scale", Width: 64, MaxWidth: 64),
        new("msg-w8-32", "narrower: widths 8-32", Width: 8, MaxWidth: 32),
        new("msg-as-dcgan", "DCGAN's loss and optimiser (ns, Adam(2e-4, 0.5, 0.999)): only the architecture differs from dcgan",
            LearningRate: 2e-4, Beta1: 0.5, Beta2: 0.999, Loss: "ns"),
        new("msg-ns-lr1e-3", "non-saturating loss at learning rate 1e-3 (between msg-as-dcgan's 2e-4, which lags, and msg-ns's 3e-3, which collapses once in three)",
            LearningRate: 1e-3, Loss: "ns"),
        new("msg-as-dcgan-lr6e-4", "DCGAN's recipe at three times its rate (ns, Adam(6e-4, 0.5, 0.999)): msg-as-dcgan without the slow rate, as dcgan-lr6e-4 is to dcgan",
            LearningRate: 6e-4, Beta1: 0.5, Beta2: 0.999, Loss: "ns"),
        new("msg-ns-r1", "msg-stylegan-tf's loss: non-saturating with the R1 penalty, γ 10 (StyleGAN's, at every resolution)", Loss: "ns", R1Gamma: 10),
        new("msg-ns-r1-0.01", "non-saturating with a light R1 penalty, γ 0.01 (StyleGAN2-ADA's CIFAR-10 setting; its rule 0.0002 · size² / batch gives 0.003 here)",
            Loss: "ns", R1Gamma: 0.01),
    };

    /// <summary>The arm called <paramref name="name"/>.</summary>
    /// <exception cref="CliException">No arm has that name (the message lists them).</exception>
    public static AblationArm Named(string name) => All.FirstOrDefault(c => c.Name == name)
        ?? throw new CliException($"Unknown ablation arm '{name}'. Known: {string.Join(", ", All.Select(c => c.Name))}.");

    /// <summary>Whether the arm trains an MSG-GAN (else a DCGAN).</summary>
    public bool IsMsgGan => Model == MsgGanSettings.ModelName;

    /// <summary>The trainer's options for this arm with run seed <paramref name="seed"/> and the average of G <paramref name="ema"/>.</summary>
    public TrainerOptions Options(int seed, EmaOptions? ema) => (IsMsgGan ? TrainerOptions.MsgGan : TrainerOptions.Dcgan) with
    {
        Loss = GanLoss.FromName(Loss), LearningRateG = LearningRate, LearningRateD = LearningRate, Beta1 = Beta1, Beta2 = Beta2,
        R1Gamma = R1Gamma, Seed = seed, SnapshotEvery = 0, KeepSnapshots = false, Ema = ema,
    };

    /// <summary>A trainer for a fresh G and D (weights from torch's current seed), on <paramref name="device"/>.</summary>
    public IAblationRun NewRun(int seed, EmaOptions? ema, Device device) => IsMsgGan
        ? new AblationRun<Tensor[]>(GanTrainer.Create(
            new MsgGanGenerator(32, Latent, Width, MaxWidth, normalizeLatents: NormalizeLatents).to(device),
            new MsgGanDiscriminator(32, Width, MaxWidth).to(device), Options(seed, ema)), y => y[^1])
        : new AblationRun<Tensor>(GanTrainer.Create(
            new DcganGenerator(32, Latent, Width).to(device), new DcganDiscriminator(32, Width).to(device), Options(seed, ema)), y => y);
}
