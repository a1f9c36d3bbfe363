using System.Globalization;
using GanLab.Data;
using GanLab.Imaging;
using GanLab.Models;
using GanLab.Training;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab train --model dcgan|msggan|toy2d --data faces|fashion-mnist|ring|grid|FOLDER --steps N --out DIR [--resume]</c>:
/// trains a named model on a named data set, writing DIR/checkpoint.ganlab, a sample grid per snapshot (DIR/samples/),
/// DIR/samples.png (the latest), DIR/history.csv and DIR/command.txt (how the checkpoint was made).
/// With --resume, the model's settings come from the checkpoint and training continues to step N exactly as an
/// uninterrupted run would.
/// </summary>
public static class TrainCommand
{
    /// <summary>The checkpoint's file name inside the output folder.</summary>
    public const string CheckpointFile = "checkpoint.ganlab";

    public static int Run(CliArgs cli)
    {
        if (cli.Get("--model") == "encoder") return EncoderCommand.Run(cli);
        string outDir = cli.Get("--out") ?? throw new CliException("train needs --out DIR (where checkpoints and sample grids go).");
        string checkpoint = Path.Combine(outDir, CheckpointFile);
        var settings = cli.Has("--resume") ? Resumed(cli, checkpoint) : Settings(cli);
        var rt = TorchRuntime(cli, settings);
        long steps = cli.GetInt("--steps", 1000);
        Directory.CreateDirectory(Path.Combine(outDir, "samples"));
        File.AppendAllText(Path.Combine(outDir, "command.txt"),
            $"{DateTime.UtcNow:u}  ganlab train {string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a != "train").Skip(1))}{Environment.NewLine}");

        var data = OpenData(settings, rt.Device);
        var options = Options(cli, settings, checkpoint);
        return settings["model"] switch
        {
            "msggan" => Train(GanTrainer.Create(
                new MsgGanGenerator(Int(settings, "size"), Int(settings, "latent"), Int(settings, "width"), Int(settings, "maxwidth"), data.Channels).to(rt.Device),
                new MsgGanDiscriminator(Int(settings, "size"), Int(settings, "width"), Int(settings, "maxwidth"), data.Channels).to(rt.Device), options),
                settings, data, steps, outDir, cli.Has("--resume")),
            "dcgan" => Train(GanTrainer.Create(
                new DcganGenerator(Int(settings, "size"), Int(settings, "latent"), Int(settings, "width"), data.Channels).to(rt.Device),
                new DcganDiscriminator(Int(settings, "size"), Int(settings, "width"), data.Channels).to(rt.Device), options),
                settings, data, steps, outDir, cli.Has("--resume")),
            _ => Train(GanTrainer.Create(
                new MlpGenerator(Int(settings, "latent"), Int(settings, "hidden"), Int(settings, "layers")).to(rt.Device),
                new MlpDiscriminator(2, Int(settings, "hidden"), Int(settings, "layers")).to(rt.Device), options),
                settings, data, steps, outDir, cli.Has("--resume")),
        };
    }

    static int Train<T>(GanTrainer<T> trainer, Dictionary<string, string> settings, TrainData data, long steps, string outDir, bool resume)
    {
        using var _ = trainer;
        foreach (var (key, value) in settings) trainer.Metadata[key] = value;
        trainer.Metadata["channels"] = data.Channels.ToString(CultureInfo.InvariantCulture);
        if (resume)
        {
            trainer.LoadCheckpoint(Path.Combine(outDir, CheckpointFile));
            Console.Error.WriteLine($"resuming {settings["model"]} on {settings["data"]} at step {trainer.Step}");
        }
        if (trainer.Step >= steps)
        {
            Console.Error.WriteLine($"The checkpoint is already at step {trainer.Step}; nothing to do for --steps {steps}.");
            return 0;
        }
        var progress = new ConsoleProgress(steps, Int(settings, "batch"));
        trainer.StepCompleted += progress.Report;
        trainer.SnapshotTaken += snapshot =>
        {
            string file = Path.Combine(outDir, "samples", $"step-{snapshot.Step:D8}.png");
            SaveSamples(snapshot.Samples, file, data);
            File.Copy(file, Path.Combine(outDir, "samples.png"), overwrite: true);
        };
        try
        {
            trainer.Fit(data.Batches, steps - trainer.Step);
        }
        catch (TrainingDivergedException e)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"ganlab: {e.Message}");
            WriteHistory(trainer.History, Path.Combine(outDir, "history.csv"));
            return 4;
        }
        if (trainer.Snapshots.Count == 0 || trainer.Snapshots[^1].Step != trainer.Step) trainer.TakeSnapshot();
        WriteHistory(trainer.History, Path.Combine(outDir, "history.csv"));
        var last = trainer.History[^1];
        Console.WriteLine($"trained {settings["model"]} on {settings["data"]} to step {trainer.Step}: Loss_D {last.LossD:F3}  Loss_G {last.LossG:F3}  " +
                          $"D(x) {last.DReal:F2}  D(G(z)) {last.DFake:F2}");
        Console.WriteLine($"wrote {Path.Combine(outDir, CheckpointFile)}, {Path.Combine(outDir, "samples.png")}, {Path.Combine(outDir, "history.csv")}");
        return 0;
    }

    /// <summary>The run's settings from the command line, with each model's defaults.</summary>
    static Dictionary<string, string> Settings(CliArgs cli)
    {
        string model = (cli.Get("--model") ?? "dcgan").ToLowerInvariant();
        string data = cli.Get("--data") ?? (model == "toy2d" ? "ring" : "faces");
        var s = model switch
        {
            "dcgan" => new Dictionary<string, string> { ["size"] = "32", ["latent"] = "100", ["width"] = "32", ["batch"] = "64", ["loss"] = "ns", ["lr"] = "0.0002", ["beta1"] = "0.5", ["beta2"] = "0.999" },
            "msggan" => new Dictionary<string, string> { ["size"] = "32", ["latent"] = "128", ["width"] = "16", ["maxwidth"] = "64", ["batch"] = "32", ["loss"] = "rahinge", ["lr"] = "0.003", ["beta1"] = "0", ["beta2"] = "0.99" },
            "toy2d" => new Dictionary<string, string> { ["latent"] = "2", ["hidden"] = "128", ["layers"] = "3", ["batch"] = "100", ["loss"] = "ns", ["lr"] = "0.001", ["beta1"] = "0.5", ["beta2"] = "0.999" },
            _ => throw new CliException($"Unknown model '{model}'. Known: dcgan, msggan, toy2d."),
        };
        s["model"] = model;
        s["data"] = data;
        s["seed"] = cli.GetInt("--seed", 0).ToString(CultureInfo.InvariantCulture);
        s["count"] = cli.Get("--count") ?? "20000";
        s["flip"] = cli.Has("--flip") ? "true" : "false";
        foreach (var key in new[] { "size", "latent", "width", "maxwidth", "hidden", "layers", "batch", "loss", "lr", "beta1", "beta2" })
            if (cli.Get("--" + key) is { } value) s[key] = value;
        if (model == "toy2d" && data is not ("ring" or "grid")) throw new CliException($"toy2d trains on 2-D points: --data ring or grid, not '{data}'.");
        if (model != "toy2d" && data is "ring" or "grid") throw new CliException($"{model} trains on images; for --data {data} use --model toy2d.");
        GanLoss.FromName(s["loss"]);   // fail early on a bad name
        return s;
    }

    static Dictionary<string, string> Resumed(CliArgs cli, string checkpoint)
    {
        if (!File.Exists(checkpoint)) throw new CliException($"--resume: no checkpoint at {checkpoint}. Run without --resume to start.");
        var info = Checkpoint.ReadInfo(checkpoint);
        var s = new Dictionary<string, string>(info.Metadata);
        foreach (var key in new[] { "model", "data", "size", "latent", "width" })
            if (cli.Get("--" + key) is { } value && s.TryGetValue(key, out var saved) && saved != value)
                throw new CliException($"--resume: the checkpoint was trained with --{key} {saved}, not {value}. Leave it out, or use another --out.");
        return s;
    }

    static GanLab.Runtime.TorchRuntime TorchRuntime(CliArgs cli, Dictionary<string, string> settings) =>
        GanLab.Runtime.TorchRuntime.Init(cli.Get("--device"), cli.Get("--threads") is null ? null : cli.GetInt("--threads", 0), Int(settings, "seed"));

    static TrainerOptions Options(CliArgs cli, Dictionary<string, string> s, string checkpoint)
    {
        long steps = cli.GetInt("--steps", 1000);
        bool toy = s["model"] == "toy2d";
        return new TrainerOptions
        {
            Loss = GanLoss.FromName(s["loss"]),
            LearningRateG = Double(s, "lr"),
            LearningRateD = Double(s, "lr"),
            Beta1 = Double(s, "beta1"),
            Beta2 = Double(s, "beta2"),
            DiscriminatorSteps = cli.GetInt("--d-steps", 1),
            FreezeDiscriminatorAfter = cli.Get("--freeze-d-after") is null ? null : cli.GetInt("--freeze-d-after", 0),
            Seed = Int(s, "seed"),
            SnapshotEvery = cli.GetInt("--snapshot-every", (int)Math.Max(1, steps / 10)),
            SnapshotCount = toy ? 1000 : 64,
            KeepSnapshots = false,
            CheckpointPath = checkpoint,
            CheckpointEvery = cli.GetInt("--checkpoint-every", (int)Math.Max(1, steps / 10)),
        };
    }

    /// <summary>Real batches for the run, and what the samples look like (image channels, or the toy mixture).</summary>
    sealed record TrainData(IEnumerable<Tensor> Batches, int Channels, ToyMixture? Mixture);

    static TrainData OpenData(Dictionary<string, string> s, Device device)
    {
        int batch = Int(s, "batch"), seed = Int(s, "seed");
        switch (s["data"])
        {
            case "ring":
            case "grid":
                var mixture = s["data"] == "ring" ? ToyMixture.Ring() : ToyMixture.Grid();
                return new TrainData(mixture.Batches(batch, seed), 2, mixture);
            default:
                int size = Int(s, "size");
                var images = s["data"] switch
                {
                    "faces" => Datasets.Faces(Int(s, "count"), size, seed),
                    "mixed" => Datasets.Mixed(Int(s, "count"), size, seed: seed),
                    "fashion-mnist" => Datasets.FashionMnist(size: size),
                    string folder => Datasets.ImageFolder(folder, size),
                };
                if (images.Height != size || images.Width != size)
                    throw new CliException($"{images.Source} has {images.Width}x{images.Height} images; the model needs {size}x{size}.");
                Console.Error.WriteLine($"data: {images.Source}, {images.Count} images of {images.Channels}x{size}x{size}{(images.FromCache ? " (from the cache)" : "")}");
                var loader = new DataLoader(images, batch, shuffle: true, flip: s["flip"] == "true", seed: seed, device: device);
                return new TrainData(loader.Select(b => b.Images), images.Channels, null);
        }
    }

    static void SaveSamples(Tensor samples, string file, TrainData data)
    {
        if (data.Mixture is { } mixture) SaveScatter(samples, mixture, file);
        else ImageGrid.Save(samples, file, nrow: 8, normalize: true, valueRange: ImageTensor.MinusOneOne);
    }

    /// <summary>A 2-D toy snapshot as a PNG: the mixture's means (grey rings) and generated points (red).</summary>
    static void SaveScatter(Tensor points, ToyMixture mixture, string file)
    {
        const int side = 400;
        double extent = mixture.Means.Max(m => Math.Max(Math.Abs(m.X), Math.Abs(m.Y))) * 1.5;
        float X(double x) => (float)((x / extent + 1) / 2 * side);
        float Y(double y) => (float)((1 - y / extent) / 2 * side);
        using var bitmap = new SKBitmap(side, side);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var mean = new SKPaint { Color = new SKColor(150, 150, 150), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f };
            using var dot = new SKPaint { Color = new SKColor(220, 30, 30, 160), IsAntialias = true };
            foreach (var (mx, my) in mixture.Means) canvas.DrawCircle(X(mx), Y(my), Math.Max(3f, (float)(3 * mixture.Std / extent * side / 2)), mean);
            var xy = points.cpu().to(ScalarType.Float32).data<float>().ToArray();
            for (int i = 0; i + 1 < xy.Length; i += 2) canvas.DrawCircle(X(xy[i]), Y(xy[i + 1]), 1.6f, dot);
        }
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(file, png.ToArray());
    }

    static void WriteHistory(IReadOnlyList<TrainingStep> history, string file)
    {
        using var w = new StreamWriter(file);
        w.WriteLine("step,loss_d,loss_g,d_x,d_g_z1,d_x_after,d_g_z2,grad_norm_d,grad_norm_g,seconds,d_frozen");
        foreach (var h in history)
            w.WriteLine(string.Join(',', new object[] { h.Step, h.LossD, h.LossG, h.DReal, h.DFake, h.DRealAfter, h.DFakeAfter, h.GradNormD, h.GradNormG, h.Seconds, h.DFrozen ? 1 : 0 }
                .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
    }

    static int Int(Dictionary<string, string> s, string key) =>
        s.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out int n) ? n : throw new CliException($"--{key} expects a whole number, got '{(s.TryGetValue(key, out var t) ? t : "")}'.");

    static double Double(Dictionary<string, string> s, string key) =>
        double.TryParse(s[key], CultureInfo.InvariantCulture, out double d) ? d : throw new CliException($"--{key} expects a number, got '{s[key]}'.");
}
