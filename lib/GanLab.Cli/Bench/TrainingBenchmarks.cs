using System.Diagnostics;
using GanLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Cli.Bench;

/// <summary>Training speed: full GAN steps (D and G updated) timed through the runtime.</summary>
public static class TrainingBenchmarks
{
    /// <summary>train.dcgan32.img_per_s: DCGAN at 32x32, batch 64, 32 base channels, Adam, BCE with logits.</summary>
    public static Benchmark Dcgan32 { get; } = new(
        new[] { "train.dcgan32.img_per_s" },
        "one full DCGAN training step (D and G updated), 32x32, batch 64, width 32",
        ctx =>
        {
            const int batch = 64;
            var device = ctx.Runtime.Device;
            using var g = new DcganGenerator(32, 100, 32).to(device);
            using var d = new DcganDiscriminator(32, 32).to(device);
            using var real = rand(batch, 3, 32, 32, device: device).mul(2).sub(1);
            var step = new BareDcganStep(g, d, batch, device);
            int warmup = ctx.Quick ? 2 : 5, steps = ctx.Quick ? 8 : 40;
            for (int i = 0; i < warmup; i++) step.Run(real);
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) step.Run(real);
            double seconds = watch.Elapsed.TotalSeconds;
            return new[] { new BenchResult("train.dcgan32.img_per_s", batch * steps / seconds, "img/s") };
        });
}

/// <summary>
/// The plain TorchSharp DCGAN step (pytorch/examples' loop, logits instead of sigmoid): the reference that
/// GanLab's trainer is compared with.
/// </summary>
public sealed class BareDcganStep
{
    readonly nn.Module<Tensor, Tensor> _g, _d;
    readonly optim.Optimizer _optG, _optD;
    readonly int _batch, _latent;
    readonly Device _device;

    public BareDcganStep(DcganGenerator g, DcganDiscriminator d, int batch, Device device)
    {
        (_g, _d, _batch, _latent, _device) = (g, d, batch, g.Latent, device);
        _optG = optim.Adam(g.parameters(), 2e-4, 0.5, 0.999);
        _optD = optim.Adam(d.parameters(), 2e-4, 0.5, 0.999);
    }

    /// <summary>One D step and one G step; returns (loss D, loss G).</summary>
    public (float LossD, float LossG) Run(Tensor real)
    {
        using var scope = NewDisposeScope();
        var ones = torch.ones(_batch, device: _device);
        var zeros = torch.zeros(_batch, device: _device);
        // Update D: maximize log(D(x)) + log(1 - D(G(z)))
        _optD.zero_grad();
        var fake = _g.forward(randn(_batch, _latent, device: _device));
        var lossD = nn.functional.binary_cross_entropy_with_logits(_d.forward(real), ones)
                  + nn.functional.binary_cross_entropy_with_logits(_d.forward(fake.detach()), zeros);
        lossD.backward();
        _optD.step();
        // Update G: maximize log(D(G(z))) (the non-saturating loss)
        _optG.zero_grad();
        var lossG = nn.functional.binary_cross_entropy_with_logits(_d.forward(fake), ones);
        lossG.backward();
        _optG.step();
        return (lossD.item<float>(), lossG.item<float>());
    }
}
