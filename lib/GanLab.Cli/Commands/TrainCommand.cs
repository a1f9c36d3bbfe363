using System.Globalization;
using System.CommandLine;
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
public sealed class TrainCommand : Command
{
    /// <summary>The checkpoint's file name inside the output folder.</summary>
    public const string CheckpointFile = "checkpoint.ganlab";

    readonly CommonOptions _common;

    // What to train on what, for how long, and where it goes. Model settings left out take the model's defaults (Settings).
    internal readonly Option<string> Model = new("--model") { Description = "The model: dcgan, msggan, toy2d, or encoder (inverts the DCGAN in --generator)", HelpName = "MODEL", DefaultValueFactory = _ => "dcgan" };
    internal readonly Option<string?> Data = new("--data") { Description = "The data: faces, mixed (Datasets.Mixed), fashion-mnist, ring or grid (toy2d), or a FOLDER of images [default: faces; toy2d: ring]", HelpName = "DATA" };
    internal readonly Option<long?> Steps = NumberOption.Long("--steps", "Train until step N (with --resume: continue to N) [default: 1000]");
    internal readonly Option<string> Out = new("--out") { Description = "The run's folder: checkpoint.ganlab, samples/, samples.png, history.csv, command.txt", HelpName = "DIR", Required = true };
    readonly Option<bool> _resume = new("--resume") { Description = "Continue DIR's checkpoint to --steps exactly as an uninterrupted run would; its settings come from the checkpoint" };
    readonly Option<int?> _size = NumberOption.Int("--size", "Image side in pixels [default: 32]");
    internal readonly Option<int?> Batch = NumberOption.Int("--batch", "Batch size [default: dcgan 64, msggan 32, toy2d 100, encoder 64]");
    readonly Option<int?> _latent = NumberOption.Int("--latent", "Latent size [default: dcgan 100, msggan 128, toy2d 2]");
    readonly Option<int?> _width = NumberOption.Int("--width", "Channels of the widest block at full resolution [default: dcgan 32, msggan 16]");
    readonly Option<int?> _maxWidth = NumberOption.Int("--maxwidth", "MSG-GAN's cap on channels [default: 64]");
    readonly Option<int?> _hidden = NumberOption.Int("--hidden", "toy2d's hidden units [default: 128]");
    readonly Option<int?> _layers = NumberOption.Int("--layers", "toy2d's hidden layers [default: 3]");
    readonly Option<string?> _loss = new("--loss") { Description = "The loss: ns, minimax, hinge, wgan-gp or rahinge [default: dcgan, toy2d ns; msggan rahinge]", HelpName = "LOSS" };
    internal readonly Option<double?> LearningRate = NumberOption.Double("--lr", "Adam's learning rate for G and D [default: dcgan 0.0002, msggan 0.003, toy2d 0.001, encoder 0.001]");
    readonly Option<double?> _beta1 = NumberOption.Double("--beta1", "Adam's beta1 [default: dcgan, toy2d 0.5; msggan 0]");
    readonly Option<double?> _beta2 = NumberOption.Double("--beta2", "Adam's beta2 [default: dcgan, toy2d 0.999; msggan 0.99]");
    readonly Option<int?> _snapshotEvery = NumberOption.Int("--snapshot-every", "Write a sample grid every N steps [default: a tenth of --steps]");
    readonly Option<int?> _checkpointEvery = NumberOption.Int("--checkpoint-every", "Save the checkpoint every N steps [default: a tenth of --steps]");
    readonly Option<int?> _freezeDAfter = NumberOption.Int("--freeze-d-after", "Stop updating D after step N (the freeze-D experiment)");
    readonly Option<int?> _dSteps = NumberOption.Int("--d-steps", "D updates per G update [default: 1]");
    readonly Option<int?> _count = NumberOption.Int("--count", "How many images faces and mixed draw [default: 20000]");
    readonly Option<bool> _flip = new("--flip") { Description = "Flip real images left-right at random (data augmentation)" };
    internal readonly Option<string?> Generator = new("--generator") { Description = "encoder: the DCGAN checkpoint or pretrained file whose G the encoder learns to invert", HelpName = "FILE" };
    internal readonly Option<double?> Recon = NumberOption.Double("--recon", "encoder: weight W of the pixel reconstruction loss beside the latent loss [default: 0]", "W");

    public TrainCommand(CommonOptions common) : base("train", "Train a GAN (or an encoder for a DCGAN), writing DIR/checkpoint.ganlab, sample grids and history.csv. " +
                                                           "Exit code 4: training diverged (the history so far is written)")
    {
        _common = common;
        foreach (var option in new Option[] { Model, Data, Steps, Out, _resume, _size, Batch, _latent, _width, _maxWidth, _hidden, _layers, _loss,
                     LearningRate, _beta1, _beta2, _snapshotEvery, _checkpointEvery, _freezeDAfter, _dSteps, _count, _flip, Generator, Recon })
            Options.Add(option);
        SetAction(Run);
    }

    int Run(ParseResult parse)
    {
        if (parse.GetValue(Model) == "encoder") return EncoderCommand.Run(parse, this, _common);
        string outDir = parse.GetRequiredValue(Out);
        string checkpoint = Path.Combine(outDir, CheckpointFile);
        bool resume = parse.GetValue(_resume);
        var settings = resume ? Resumed(parse, checkpoint) : Settings(parse);
        var rt = _common.InitRuntime(parse, seed: Int(settings, "seed"));
        long steps = parse.GetValue(Steps) ?? 1000;
        Directory.CreateDirectory(Path.Combine(outDir, "samples"));
        File.AppendAllText(Path.Combine(outDir, "command.txt"),
            $"{DateTime.UtcNow:u}  ganlab train {string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a != "train").Skip(1))}{Environment.NewLine}");

        var data = OpenData(settings, rt.Device);
        var options = TrainingOptions(parse, settings, checkpoint, steps);
        return settings["model"] switch
        {
            "msggan" => Train(GanTrainer.Create(
                new MsgGanGenerator(Int(settings, "size"), Int(settings, "latent"), Int(settings, "width"), Int(settings, "maxwidth"), data.Channels).to(rt.Device),
                new MsgGanDiscriminator(Int(settings, "size"), Int(settings, "width"), Int(settings, "maxwidth"), data.Channels).to(rt.Device), options),
                settings, data, steps, outDir, resume),
            "dcgan" => Train(GanTrainer.Create(
                new DcganGenerator(Int(settings, "size"), Int(settings, "latent"), Int(settings, "width"), data.Channels).to(rt.Device),
                new DcganDiscriminator(Int(settings, "size"), Int(settings, "width"), data.Channels).to(rt.Device), options),
                settings, data, steps, outDir, resume),
            _ => Train(GanTrainer.Create(
                new MlpGenerator(Int(settings, "latent"), Int(settings, "hidden"), Int(settings, "layers")).to(rt.Device),
                new MlpDiscriminator(2, Int(settings, "hidden"), Int(settings, "layers")).to(rt.Device), options),
                settings, data, steps, outDir, resume),
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
    Dictionary<string, string> Settings(ParseResult parse)
    {
        string model = parse.GetRequiredValue(Model).ToLowerInvariant();
        string data = parse.GetValue(Data) ?? (model == "toy2d" ? "ring" : "faces");
        var s = model switch
        {
            "dcgan" => new Dictionary<string, string> { ["size"] = "32", ["latent"] = "100", ["width"] = "32", ["batch"] = "64", ["loss"] = "ns", ["lr"] = "0.0002", ["beta1"] = "0.5", ["beta2"] = "0.999" },
            "msggan" => new Dictionary<string, string> { ["size"] = "32", ["latent"] = "128", ["width"] = "16", ["maxwidth"] = "64", ["batch"] = "32", ["loss"] = "rahinge", ["lr"] = "0.003", ["beta1"] = "0", ["beta2"] = "0.99" },
            "toy2d" => new Dictionary<string, string> { ["latent"] = "2", ["hidden"] = "128", ["layers"] = "3", ["batch"] = "100", ["loss"] = "ns", ["lr"] = "0.001", ["beta1"] = "0.5", ["beta2"] = "0.999" },
            _ => throw new CliException($"Unknown model '{model}'. Known: dcgan, msggan, toy2d."),
        };
        s["model"] = model;
        s["data"] = data;
        s["seed"] = Text(_common.SeedOr(parse, 0));
        s["count"] = Text(parse.GetValue(_count) ?? 20_000);
        s["flip"] = parse.GetValue(_flip) ? "true" : "false";
        foreach (var (key, value) in Given(parse)) s[key] = value;
        if (model == "toy2d" && data is not ("ring" or "grid")) throw new CliException($"toy2d trains on 2-D points: --data ring or grid, not '{data}'.");
        if (model != "toy2d" && data is "ring" or "grid") throw new CliException($"{model} trains on images; for --data {data} use --model toy2d.");
        GanLoss.FromName(s["loss"]);   // fail early on a bad name
        return s;
    }

    /// <summary>The model settings given on the command line, as the checkpoint's metadata spells them.</summary>
    IEnumerable<(string Key, string Value)> Given(ParseResult parse)
    {
        if (parse.GetValue(Model) is { } model && parse.GetResult(Model) is { Implicit: false }) yield return ("model", model.ToLowerInvariant());
        if (parse.GetValue(Data) is { } data) yield return ("data", data);
        foreach (var (key, option) in new[] { ("size", _size), ("latent", _latent), ("width", _width), ("maxwidth", _maxWidth), ("hidden", _hidden), ("layers", _layers), ("batch", Batch) })
            if (parse.GetValue(option) is int n) yield return (key, Text(n));
        if (parse.GetValue(_loss) is { } loss) yield return ("loss", loss);
        foreach (var (key, option) in new[] { ("lr", LearningRate), ("beta1", _beta1), ("beta2", _beta2) })
            if (parse.GetValue(option) is double x) yield return (key, Text(x));
    }

    Dictionary<string, string> Resumed(ParseResult parse, string checkpoint)
    {
        if (!File.Exists(checkpoint)) throw new CliException($"--resume: no checkpoint at {checkpoint}. Run without --resume to start.");
        var info = Checkpoint.ReadInfo(checkpoint);
        var s = new Dictionary<string, string>(info.Metadata);
        foreach (var (key, value) in Given(parse).Where(g => g.Key is "model" or "data" or "size" or "latent" or "width"))
            if (s.TryGetValue(key, out var saved) && saved != value)
                throw new CliException($"--resume: the checkpoint was trained with --{key} {saved}, not {value}. Leave it out, or use another --out.");
        return s;
    }

    TrainerOptions TrainingOptions(ParseResult parse, Dictionary<string, string> s, string checkpoint, long steps)
    {
        bool toy = s["model"] == "toy2d";
        return new TrainerOptions
        {
            Loss = GanLoss.FromName(s["loss"]),
            LearningRateG = Double(s, "lr"),
            LearningRateD = Double(s, "lr"),
            Beta1 = Double(s, "beta1"),
            Beta2 = Double(s, "beta2"),
            DiscriminatorSteps = parse.GetValue(_dSteps) ?? 1,
            FreezeDiscriminatorAfter = parse.GetValue(_freezeDAfter),
            Seed = Int(s, "seed"),
            SnapshotEvery = parse.GetValue(_snapshotEvery) ?? (int)Math.Max(1, steps / 10),
            SnapshotCount = toy ? 1000 : 64,
            KeepSnapshots = false,
            CheckpointPath = checkpoint,
            CheckpointEvery = parse.GetValue(_checkpointEvery) ?? (int)Math.Max(1, steps / 10),
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

    static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);

    static string Text(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    static int Int(Dictionary<string, string> s, string key) =>
        s.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out int n) ? n : throw new CliException($"--{key} expects a whole number, got '{(s.TryGetValue(key, out var t) ? t : "")}'.");

    static double Double(Dictionary<string, string> s, string key) =>
        double.TryParse(s[key], CultureInfo.InvariantCulture, out double d) ? d : throw new CliException($"--{key} expects a number, got '{s[key]}'.");
}
