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
    readonly Option<long?> _lrDecayAfter = NumberOption.Long("--lr-decay-after", "Hold --lr for N steps, then bring it down linearly to zero over --lr-decay-steps (can be added on --resume from a checkpoint at or before step N)");
    readonly Option<long?> _lrDecaySteps = NumberOption.Long("--lr-decay-steps", "With --lr-decay-after: the steps over which the rate falls to zero [default: to --steps]");
    readonly Option<double?> _r1 = NumberOption.Double("--r1", "Weight γ of the R1 penalty on D's gradient at real images (msg-stylegan-tf, StyleGAN: 10) [default: 0, none]", "GAMMA");
    readonly Option<int?> _dSteps = NumberOption.Int("--d-steps", "D updates per G update [default: 1]");
    readonly Option<double?> _emaDecay = NumberOption.Double("--ema-decay", "Sample from an average of G's weights, with this decay per step (BMSG-GAN: 0.999) [default: msggan 0.999; dcgan, toy2d none]", "BETA");
    readonly Option<double?> _emaHalfLife = NumberOption.Double("--ema-half-life", "Sample from an average of G's weights with this half-life in images (StyleGAN: 10000)", "IMAGES");
    readonly Option<double?> _emaRampUp = NumberOption.Double("--ema-rampup", "With --ema-half-life: at most this fraction of the images seen (StyleGAN2-ADA: 0.05)", "R");
    readonly Option<bool> _noEma = new("--no-ema") { Description = "Sample from G itself, with no average of its weights (turns off msggan's)" };
    readonly Option<int?> _count = NumberOption.Int("--count", "How many images faces and mixed draw [default: 20000]");
    readonly Option<bool> _flip = new("--flip") { Description = "Flip real images left-right at random (data augmentation)" };
    internal readonly Option<string?> Generator = new("--generator") { Description = "encoder: the DCGAN checkpoint or pretrained file whose G the encoder learns to invert", HelpName = "FILE" };
    internal readonly Option<double?> Recon = NumberOption.Double("--recon", "encoder: weight W of the pixel reconstruction loss beside the latent loss [default: 0]", "W");

    public TrainCommand(CommonOptions common) : base("train", "Train a GAN (or an encoder for a DCGAN), writing DIR/checkpoint.ganlab, sample grids and history.csv. " +
                                                           "Exit code 4: training diverged (the history so far is written)")
    {
        _common = common;
        foreach (var option in new Option[] { Model, Data, Steps, Out, _resume, _size, Batch, _latent, _width, _maxWidth, _hidden, _layers, _loss,
                     LearningRate, _beta1, _beta2, _snapshotEvery, _checkpointEvery, _freezeDAfter, _lrDecayAfter, _lrDecaySteps, _r1, _dSteps, _emaDecay, _emaHalfLife, _emaRampUp, _noEma,
                     _count, _flip, Generator, Recon })
            Options.Add(option);
        SetAction(Run);
    }

    int Run(ParseResult parse)
    {
        if (parse.GetValue(Model) == "encoder") return EncoderCommand.Run(parse, this, _common);
        string outDir = parse.GetRequiredValue(Out);
        string checkpoint = Path.Combine(outDir, CheckpointFile);
        bool resume = parse.GetValue(_resume);
        var (model, options, data) = resume ? Resumed(parse, checkpoint) : New(parse);
        var rt = _common.InitRuntime(parse, seed: (int)options.Seed);
        long steps = TargetStep(parse);
        Directory.CreateDirectory(Path.Combine(outDir, "samples"));
        File.AppendAllText(Path.Combine(outDir, "command.txt"),
            $"{DateTime.UtcNow:u}  ganlab train {string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a != "train").Skip(1))}{Environment.NewLine}");

        var batches = OpenData(data, model, options.Seed, rt.Device);
        var fitted = WithChannels(model, batches.Channels);
        if (resume && fitted != model) throw new CliException($"--resume: the checkpoint's model reads {Channels(model)}-channel images; {data.Data} has {batches.Channels}.");
        options = options with
        {
            SnapshotEvery = parse.GetValue(_snapshotEvery) ?? (int)Math.Max(1, steps / 10),
            SnapshotCount = model is Toy2dSettings ? 1000 : 64,
            KeepSnapshots = false,
            CheckpointPath = checkpoint,
            CheckpointEvery = parse.GetValue(_checkpointEvery) ?? (int)Math.Max(1, steps / 10),
        };
        return fitted switch
        {
            DcganSettings m => Train(GanTrainer.Create(m, options, rt.Device), data, batches, steps, outDir, resume),
            MsgGanSettings m => Train(GanTrainer.Create(m, options, rt.Device), data, batches, steps, outDir, resume),
            Toy2dSettings m => Train(GanTrainer.Create(m, options, rt.Device), data, batches, steps, outDir, resume),
            _ => throw new CliException($"ganlab train cannot build a '{model.Model}' model."),
        };
    }

    static int Train<T>(GanTrainer<T> trainer, DataSettings data, TrainData batches, long steps, string outDir, bool resume)
    {
        using var _ = trainer;
        data.WriteTo(trainer.Metadata);
        string what = $"{trainer.ModelSettings!.Model} on {data.Data}";
        if (resume)
        {
            trainer.LoadCheckpoint(Path.Combine(outDir, CheckpointFile));
            Console.Error.WriteLine($"resuming {what} at step {trainer.Step}");
        }
        if (trainer.Step >= steps)
        {
            Console.Error.WriteLine($"The checkpoint is already at step {trainer.Step}; nothing to do for --steps {steps}.");
            return 0;
        }
        var progress = new ConsoleProgress(steps, data.Batch);
        trainer.StepCompleted += progress.Report;
        trainer.SnapshotTaken += snapshot =>
        {
            string file = Path.Combine(outDir, "samples", $"step-{snapshot.Step:D8}.png");
            SaveSamples(snapshot.Samples, file, batches);
            File.Copy(file, Path.Combine(outDir, "samples.png"), overwrite: true);
        };
        try
        {
            trainer.Fit(batches.Batches, steps - trainer.Step);
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
        Console.WriteLine($"trained {what} to step {trainer.Step}: Loss_D {last.LossD:F3}  Loss_G {last.LossG:F3}  " +
                          $"D(x) {last.DReal:F2}  D(G(z)) {last.DFake:F2}");
        Console.WriteLine($"wrote {Path.Combine(outDir, CheckpointFile)}, {Path.Combine(outDir, "samples.png")}, {Path.Combine(outDir, "history.csv")}");
        return 0;
    }

    /// <summary>
    /// What a run trains on and how it batches it; kept in the checkpoint's metadata (the model's sizes and the trainer's
    /// options have their own records in the checkpoint).
    /// </summary>
    sealed record DataSettings(string Data, int Count, bool Flip, int Batch)
    {
        public void WriteTo(Dictionary<string, string> metadata)
        {
            metadata["data"] = Data;
            metadata["count"] = Count.ToString(CultureInfo.InvariantCulture);
            metadata["flip"] = Flip ? "true" : "false";
            metadata["batch"] = Batch.ToString(CultureInfo.InvariantCulture);
        }

        public static DataSettings ReadFrom(IReadOnlyDictionary<string, string> metadata, string path)
        {
            string Get(string key) => metadata.TryGetValue(key, out var v) ? v : throw new CliException($"--resume: {path} does not record its --{key}; it was not written by ganlab train.");
            return new(Get("data"), int.Parse(Get("count"), CultureInfo.InvariantCulture), Get("flip") == "true", int.Parse(Get("batch"), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A new run: the model family's presets (<see cref="DcganSettings.Workshop"/>, <see cref="TrainerOptions.Dcgan"/>, ...) with the command line's options applied.</summary>
    (ModelSettings Model, TrainerOptions Options, DataSettings Data) New(ParseResult parse)
    {
        string family = parse.GetRequiredValue(Model).ToLowerInvariant();
        var (model, options, batch) = family switch
        {
            DcganSettings.ModelName => ((ModelSettings)DcganSettings.Workshop, TrainerOptions.Dcgan, 64),
            MsgGanSettings.ModelName => (MsgGanSettings.Workshop, TrainerOptions.MsgGan, 32),
            Toy2dSettings.ModelName => (Toy2dSettings.Workshop, TrainerOptions.Toy2d, 100),
            _ => throw new CliException($"Unknown model '{family}'. Known: dcgan, msggan, toy2d (and encoder)."),
        };
        var data = new DataSettings(family == Toy2dSettings.ModelName ? "ring" : "faces", Count: 20_000, Flip: false, batch);
        var run = Apply(parse, model, options, data);
        if (family == Toy2dSettings.ModelName && run.Data.Data is not ("ring" or "grid")) throw new CliException($"toy2d trains on 2-D points: --data ring or grid, not '{run.Data.Data}'.");
        if (family != Toy2dSettings.ModelName && run.Data.Data is "ring" or "grid") throw new CliException($"{family} trains on images; for --data {run.Data.Data} use --model toy2d.");
        return run;
    }

    /// <summary>
    /// <c>--resume</c>: the model, the trainer's options and the data come from the checkpoint; an option given again with
    /// another value is an error (the run would not continue as it started).
    /// </summary>
    (ModelSettings Model, TrainerOptions Options, DataSettings Data) Resumed(ParseResult parse, string checkpoint)
    {
        if (!File.Exists(checkpoint)) throw new CliException($"--resume: no checkpoint at {checkpoint}. Run without --resume to start.");
        var info = Checkpoint.ReadInfo(checkpoint);
        var saved = (Model: info.Model ?? throw new CliException($"--resume: {checkpoint} does not record its model's sizes; it was not written by ganlab train."),
                     Options: info.Options ?? OptionsOfAnOlderCheckpoint(info),
                     Data: DataSettings.ReadFrom(info.Metadata, checkpoint));
        var given = Apply(parse, saved.Model, saved.Options, saved.Data);
        if (given.Options.LearningRateDecay is { } decay && saved.Options.LearningRateDecay is null)
        {
            // Adding a decay that starts at or after the checkpoint's step changes none of the steps already trained.
            if (decay.After < info.Step)
                throw new CliException($"--resume: the checkpoint is at step {info.Step}, trained at the full rate; a decay added now must start there or later (--lr-decay-after {info.Step} or more), got {decay.After}.");
            saved = saved with { Options = saved.Options with { LearningRateDecay = decay } };
        }
        if (parse.GetResult(Model) is { Implicit: false } && parse.GetRequiredValue(Model).ToLowerInvariant() != saved.Model.Model)
            throw Differs("model", saved.Model.Model, parse.GetRequiredValue(Model));
        if (given.Model != saved.Model) throw Differs("model", saved.Model.ToString(), given.Model.ToString());
        if (given.Data != saved.Data) throw Differs("data", saved.Data.ToString(), given.Data.ToString());
        if (Describe(given.Options) != Describe(saved.Options)) throw Differs("options", Describe(saved.Options), Describe(given.Options));
        return saved;
    }

    static CliException Differs(string what, string saved, string given) =>
        new($"--resume: the checkpoint's {what}: {saved}; the command line asks for {given}. Leave the option out, or use another --out.");

    /// <summary>The trainer's options that shape the run, as the command line spells them.</summary>
    static string Describe(TrainerOptions o) =>
        $"--loss {o.Loss.Name} --lr {Text(o.LearningRateG)} --beta1 {Text(o.Beta1)} --beta2 {Text(o.Beta2)} --d-steps {o.DiscriminatorSteps} " +
        $"--seed {o.Seed}{(o.R1Gamma != 0 ? $" --r1 {Text(o.R1Gamma)}" : "")}{(o.FreezeDiscriminatorAfter is long n ? $" --freeze-d-after {n}" : "")}" +
        $"{(o.LearningRateDecay is { } fall ? $" --lr-decay-after {fall.After} --lr-decay-steps {fall.Steps}" : "")} " +
        (o.Ema switch
        {
            null => "--no-ema",
            { Decay: double d } => $"--ema-decay {Text(d)}",
            { HalfLifeImages: double h } e => $"--ema-half-life {Text(h)}{(e.RampUp is double r ? $" --ema-rampup {Text(r)}" : "")}",
            _ => "",
        });

    /// <summary>Checkpoints written before the options were stored kept them as metadata strings (loss, lr, beta1, beta2, seed).</summary>
    static TrainerOptions OptionsOfAnOlderCheckpoint(CheckpointInfo info)
    {
        var m = info.Metadata;
        var preset = info.Model switch { MsgGanSettings => TrainerOptions.MsgGan, Toy2dSettings => TrainerOptions.Toy2d, _ => TrainerOptions.Dcgan };
        double Number(string key, double fallback) => m.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        double lr = Number("lr", preset.LearningRateG);
        return preset with
        {
            Loss = GanLoss.FromName(info.Loss), LearningRateG = lr, LearningRateD = lr,
            Beta1 = Number("beta1", preset.Beta1), Beta2 = Number("beta2", preset.Beta2), Seed = (long)Number("seed", 0),
        };
    }

    /// <summary>The command line's options applied to a run's settings; an option left out keeps the settings' value.</summary>
    (ModelSettings Model, TrainerOptions Options, DataSettings Data) Apply(ParseResult parse, ModelSettings model, TrainerOptions options, DataSettings data)
    {
        int? size = parse.GetValue(_size), latent = parse.GetValue(_latent), width = parse.GetValue(_width);
        model = model switch
        {
            DcganSettings m => m with { ImageSize = size ?? m.ImageSize, Latent = latent ?? m.Latent, Width = width ?? m.Width },
            MsgGanSettings m => m with { ImageSize = size ?? m.ImageSize, Latent = latent ?? m.Latent, Width = width ?? m.Width, MaxWidth = parse.GetValue(_maxWidth) ?? m.MaxWidth },
            Toy2dSettings m => m with { Latent = latent ?? m.Latent, Hidden = parse.GetValue(_hidden) ?? m.Hidden, Layers = parse.GetValue(_layers) ?? m.Layers },
            _ => model,
        };
        double? lr = parse.GetValue(LearningRate);
        options = options with
        {
            Loss = parse.GetValue(_loss) is { } loss ? Loss(loss) : options.Loss,
            LearningRateG = lr ?? options.LearningRateG,
            LearningRateD = lr ?? options.LearningRateD,
            Beta1 = parse.GetValue(_beta1) ?? options.Beta1,
            Beta2 = parse.GetValue(_beta2) ?? options.Beta2,
            DiscriminatorSteps = parse.GetValue(_dSteps) ?? options.DiscriminatorSteps,
            R1Gamma = parse.GetValue(_r1) is double r1
                ? r1 >= 0 ? r1 : throw new CliException($"--r1 weighs a penalty: give 0 (none) or more, got {Text(r1)}.")
                : options.R1Gamma,
            FreezeDiscriminatorAfter = parse.GetValue(_freezeDAfter) ?? options.FreezeDiscriminatorAfter,
            Seed = parse.GetValue(_common.Seed) ?? options.Seed,
            Ema = Ema(parse, options.Ema),
            LearningRateDecay = Decay(parse, options.LearningRateDecay),
        };
        data = data with
        {
            Data = parse.GetValue(Data) ?? data.Data,
            Count = parse.GetValue(_count) ?? data.Count,
            Flip = data.Flip || parse.GetValue(_flip),
            Batch = parse.GetValue(Batch) ?? data.Batch,
        };
        return (model, options, data);
    }

    /// <summary>The average of G the command line asks for: --no-ema, --ema-decay, --ema-half-life [--ema-rampup], or the settings' own.</summary>
    EmaOptions? Ema(ParseResult parse, EmaOptions? ema)
    {
        double? decay = parse.GetValue(_emaDecay), halfLife = parse.GetValue(_emaHalfLife), rampUp = parse.GetValue(_emaRampUp);
        if (parse.GetValue(_noEma)) return decay is null && halfLife is null ? null : throw new CliException("--no-ema goes alone, without --ema-decay or --ema-half-life.");
        try
        {
            if (decay is double d) return halfLife is null && rampUp is null ? EmaOptions.PerStep(d) : throw new CliException("--ema-decay sets the average alone: leave out --ema-half-life and --ema-rampup.");
            if (halfLife is double h) return EmaOptions.HalfLife(h, rampUp);
        }
        catch (ArgumentException e) { throw new CliException(e.Message); }
        return rampUp is null ? ema : throw new CliException("--ema-rampup goes with --ema-half-life.");
    }

    /// <summary>The step the run trains to: --steps, or 1,000.</summary>
    long TargetStep(ParseResult parse) => parse.GetValue(Steps) ?? 1000;

    /// <summary>The decay the command line asks for (--lr-decay-after [--lr-decay-steps], by default falling to zero at --steps), or the settings' own.</summary>
    LearningRateDecay? Decay(ParseResult parse, LearningRateDecay? decay)
    {
        long? after = parse.GetValue(_lrDecayAfter), over = parse.GetValue(_lrDecaySteps);
        if (after is null) return over is null ? decay : throw new CliException("--lr-decay-steps goes with --lr-decay-after N (the step the decay starts at).");
        over ??= TargetStep(parse) - after;
        if (over < 1) throw new CliException($"--lr-decay-after {after} leaves no steps to decay over before --steps {TargetStep(parse)}: start it earlier, or give --lr-decay-steps.");
        try { return GanLab.Training.LearningRateDecay.Linear(after.Value, over.Value); }
        catch (ArgumentException e) { throw new CliException(e.Message); }
    }

    static GanLoss Loss(string name)
    {
        try { return GanLoss.FromName(name); }
        catch (ArgumentException e) { throw new CliException(e.Message); }
    }

    static ModelSettings WithChannels(ModelSettings model, int channels) => model switch
    {
        DcganSettings m => m with { Channels = channels },
        MsgGanSettings m => m with { Channels = channels },
        _ => model,
    };

    static int Channels(ModelSettings model) => model switch { DcganSettings m => m.Channels, MsgGanSettings m => m.Channels, _ => 2 };

    /// <summary>Real batches for the run, and what the samples look like (image channels, or the toy mixture).</summary>
    sealed record TrainData(IEnumerable<Tensor> Batches, int Channels, ToyMixture? Mixture);

    static TrainData OpenData(DataSettings data, ModelSettings model, long seed, Device device)
    {
        if (data.Data is "ring" or "grid")
        {
            var mixture = data.Data == "ring" ? ToyMixture.Ring() : ToyMixture.Grid();
            return new TrainData(mixture.Batches(data.Batch, seed), 2, mixture);
        }
        int size = model switch { DcganSettings m => m.ImageSize, MsgGanSettings m => m.ImageSize, _ => throw new CliException($"{model.Model} trains on 2-D points: --data ring or grid.") };
        var images = data.Data switch
        {
            "faces" => Datasets.Faces(data.Count, size, (int)seed),
            "mixed" => Datasets.Mixed(data.Count, size, seed: (int)seed),
            "fashion-mnist" => Datasets.FashionMnist(size: size),
            string folder => Datasets.ImageFolder(folder, size),
        };
        if (images.Height != size || images.Width != size)
            throw new CliException($"{images.Source} has {images.Width}x{images.Height} images; the model needs {size}x{size}.");
        Console.Error.WriteLine($"data: {images.Source}, {images.Count} images of {images.Channels}x{size}x{size}{(images.FromCache ? " (from the cache)" : "")}");
        var loader = new DataLoader(images, data.Batch, shuffle: true, flip: data.Flip, seed: (int)seed, device: device);
        return new TrainData(loader.Select(b => b.Images), images.Channels, null);
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

    static string Text(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
