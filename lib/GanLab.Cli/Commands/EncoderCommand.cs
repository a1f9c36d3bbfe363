using System.CommandLine;
using System.Globalization;
using GanLab.Imaging;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab train --model encoder --generator FILE --steps N --out DIR [--recon W]</c>: trains an encoder E to invert
/// the DCGAN generator in FILE (a pretrained file or a checkpoint), z → G(z) → E ≈ z, with
/// <see cref="RegressionTrainer.FitEncoder"/>. E starts from the file's discriminator body (D's body with a latent head).
/// Writes DIR/checkpoint.ganlab (E's weights and settings; <c>ganlab export</c> makes the small file to ship),
/// DIR/history.csv (step, loss), DIR/samples.png (rows of G(z) above rows of G(E(G(z))))
/// and DIR/command.txt. There is no --resume: an encoder trains in minutes.
/// </summary>
public static class EncoderCommand
{
    /// <summary>Runs <c>train --model encoder</c> with the train command's options; returns the exit code.</summary>
    public static int Run(ParseResult parse, TrainCommand train, CommonOptions common)
    {
        string outDir = parse.GetRequiredValue(train.Out);
        string source = parse.GetValue(train.Generator) ?? throw new CliException("train --model encoder needs --generator FILE: a DCGAN checkpoint or pretrained file whose G it learns to invert.");
        if (!File.Exists(source)) throw new CliException($"--generator: no file at {source}.");
        int seed = common.SeedOr(parse, 0), batch = parse.GetValue(train.Batch) ?? 64;
        long steps = parse.GetValue(train.Steps) ?? 1000;
        double lr = parse.GetValue(train.LearningRate) ?? 1e-3, recon = parse.GetValue(train.Recon) ?? 0;
        var rt = common.InitRuntime(parse, seed: seed);
        Directory.CreateDirectory(outDir);
        File.AppendAllText(Path.Combine(outDir, "command.txt"),
            $"{DateTime.UtcNow:u}  ganlab train {string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a != "train").Skip(1))}{Environment.NewLine}");

        var (g, d) = Pretrained.Dcgan(source, rt.Device);
        var info = Checkpoint.ReadInfo(source);
        var model = (DcganSettings)info.Model!;   // Pretrained.Dcgan has checked it
        var e = new DcganEncoder(model).to(rt.Device);
        int copied = e.LoadBody(d);
        Console.Error.WriteLine($"encoder for {source}: latent {g.Latent}, {g.ImageSize}x{g.ImageSize}; {copied} tensors of D's body copied into E");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var losses = RegressionTrainer.FitEncoder(e, g, g.Latent, steps, batch, lr, seed, recon, (step, loss) =>
        {
            if (step % Math.Max(1, steps / 20) == 0 || step == steps)
                Console.Error.WriteLine($"[{step}/{steps}]  loss {loss:F4}  {watch.Elapsed:mm\\:ss}");
        });
        File.WriteAllLines(Path.Combine(outDir, "history.csv"),
            losses.Select((l, i) => $"{i + 1},{l.ToString(CultureInfo.InvariantCulture)}").Prepend("step,loss"));

        e.eval();
        var (reconstruction, randomPairs) = Evaluate(g, e, seed + 1, Path.Combine(outDir, "samples.png"));
        var metadata = new Dictionary<string, string>(info.Metadata.Where(kv => kv.Key is "data"))
        {
            ["generator"] = Path.GetFileName(source),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["batch"] = batch.ToString(CultureInfo.InvariantCulture),
            ["lr"] = lr.ToString(CultureInfo.InvariantCulture),
            ["recon"] = recon.ToString(CultureInfo.InvariantCulture),
        };
        string checkpoint = Path.Combine(outDir, TrainCommand.CheckpointFile);
        Checkpoint.SaveWeights(checkpoint, steps, "mse", model, metadata, "encoder", half: false, e);
        Console.WriteLine($"trained encoder to step {steps}: loss {losses[^1]:F4}; pixel MSE G(E(G(z))) vs G(z) {reconstruction:F4}, between two random G(z) {randomPairs:F4}");
        Console.WriteLine($"wrote {checkpoint}, {Path.Combine(outDir, "samples.png")}, {Path.Combine(outDir, "history.csv")}");
        return 0;
    }

    /// <summary>Mean pixel MSE of G(E(G(z))) against G(z), and between G(z) and G(z') for independent z, z' (the chance level); saves a comparison grid.</summary>
    static (double Reconstruction, double RandomPairs) Evaluate(DcganGenerator g, DcganEncoder e, int seed, string gridFile)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var noise = new TorchSharp.torch.Generator((ulong)seed);
        var z = SeededRandom.Randn(new long[] { 256, g.Latent }, noise, g.parameters().First().device);
        var x = g.forward(z);
        var back = g.forward(e.forward(x));
        double reconstruction = mse_loss(back, x).item<float>();
        double randomPairs = mse_loss(x, x.roll(1, 0)).item<float>();
        // four rows of G(z), each followed by its reconstruction G(E(G(z)))
        var rows = Enumerable.Range(0, 4).SelectMany(r => new[] { x[(r * 8)..(r * 8 + 8)], back[(r * 8)..(r * 8 + 8)] }).ToArray();
        ImageGrid.Save(cat(rows), gridFile, nrow: 8, normalize: true, valueRange: ImageTensor.MinusOneOne);
        return (reconstruction, randomPairs);
    }
}
