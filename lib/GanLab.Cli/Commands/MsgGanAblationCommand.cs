using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GanLab.Cli.Ablation;
using GanLab.Data;
using GanLab.Imaging;
using GanLab.Metrics;
using GanLab.Runtime;
using GanLab.Training;
using static TorchSharp.torch;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab ablation msggan --arms dcgan,msg --seeds 1,2,3 --steps 1500 --out out/msggan-ablation</c>: why does the
/// course's MSG-GAN collapse (issue 15)? Trains each arm (<see cref="AblationArm.All"/>: the shipped MSG-GAN, one factor
/// changed at a time, and DCGAN as the yardstick) for each seed on procedural faces and measures G and the trainer's
/// average of G (<see cref="GanTrainer{T}.GEma"/>) with notebook 3's ruler (<see cref="FaceRuler"/>) every
/// <c>--eval-every</c> steps.
/// </summary>
/// <remarks>
/// <para>Every run trains on <c>Datasets.Faces(--faces, 32, seed: 0)</c> with flips, batches in the run seed's order,
/// weights and noise from the run seed: seed s of every arm sees the same images in the same order (notebook 5's fair
/// test). The average of G never feeds back into training, so each run answers "does averaging help?" at no extra
/// training cost; by default it is StyleGAN2-ADA's (half-life 10,000 images, ramp-up 0.05) for every arm, since
/// BMSG-GAN's constant 0.999 without a ramp-up still holds 22% of the initial weights after 1,500 steps.</para>
/// <para>Output: <c>OUT/results.csv</c> (one row per arm, seed, evaluated step and generator: Fréchet distance, its ratio to
/// real vs real, combinations covered, KL, training seconds), <c>OUT/summary.md</c> (mean ± sd over seeds; "collapsed" =
/// more than twice DCGAN's mean distance at the same step, the issue's criterion), <c>OUT/grids/*.png</c> (64 samples of
/// each generator at the last step) and <c>OUT/command.txt</c> (every command with the load average at its start). A
/// run already complete in results.csv is skipped, so the command can be stopped and rerun; a run stopped half-way starts
/// again. <c>--speed N</c> measures each arm's training speed instead (rounds of N steps taken in turn, median img/s).</para>
/// </remarks>
public sealed class MsgGanAblationCommand : Command
{
    readonly CommonOptions _common;
    readonly Option<string> _arms = new("--arms") { Description = "Comma-separated arms (see --list)", HelpName = "A,B", DefaultValueFactory = _ => "dcgan,msg" };
    readonly Option<string> _seeds = new("--seeds") { Description = "Comma-separated run seeds", HelpName = "1,2,3", DefaultValueFactory = _ => "1" };
    readonly Option<int?> _steps = NumberOption.Int("--steps", "G steps per run [default: 1500]");
    readonly Option<int?> _evalEvery = NumberOption.Int("--eval-every", "Measure G and its average every this many steps [default: 250]");
    readonly Option<int?> _batch = NumberOption.Int("--batch", "Batch size [default: 64]");
    readonly Option<int?> _faces = NumberOption.Int("--faces", "Training faces (Datasets.Faces, seed 0) [default: 10000]");
    readonly Option<int?> _evalCount = NumberOption.Int("--eval-count", "Generated faces per measurement, the ruler's N [default: 2000]");
    readonly Option<double?> _emaDecay = NumberOption.Double("--ema-decay", "Average G with this decay per step (BMSG-GAN: 0.999) instead of the default half-life", "BETA");
    readonly Option<double?> _emaHalfLife = NumberOption.Double("--ema-half-life", "The average's half-life in images [default: 10000]", "IMAGES");
    readonly Option<double?> _emaRampUp = NumberOption.Double("--ema-rampup", "With the half-life: at most this fraction of the images seen [default: 0.05]", "R");
    readonly Option<string> _out = new("--out") { Description = "Output folder", HelpName = "DIR", DefaultValueFactory = _ => "out/msggan-ablation" };
    readonly Option<string> _pretrained = new("--pretrained") { Description = "Folder with the face classifier", HelpName = "DIR", DefaultValueFactory = _ => "data/pretrained" };
    readonly Option<bool> _list = new("--list") { Description = "List the arms and exit" };
    readonly Option<bool> _summaryOnly = new("--summary-only") { Description = "Rewrite OUT/summary.md from OUT/results.csv and exit" };
    readonly Option<int?> _speed = NumberOption.Int("--speed", "Measure each arm's training speed in rounds of N steps instead of training");
    readonly Option<int?> _rounds = NumberOption.Int("--rounds", "With --speed: rounds per arm [default: 3]");

    public MsgGanAblationCommand(CommonOptions common) : base("msggan", "Train MSG-GAN with one factor changed at a time (and DCGAN), over seeds; measure G and its average with notebook 3's ruler")
    {
        _common = common;
        foreach (var o in new Option[] { _arms, _seeds, _steps, _evalEvery, _batch, _faces, _evalCount, _emaDecay, _emaHalfLife, _emaRampUp, _out, _pretrained, _list, _summaryOnly, _speed, _rounds })
            Options.Add(o);
        SetAction(Run);
    }

    static string Load() => File.ReadAllText("/proc/loadavg").Trim();

    int Run(ParseResult parse)
    {
        if (parse.GetValue(_list))
        {
            int width = AblationArm.All.Max(a => a.Name.Length);
            foreach (var a in AblationArm.All) Console.WriteLine($"{a.Name.PadRight(width)}  {a.Description}");
            return 0;
        }
        string outDir = parse.GetValue(_out)!, csv = Path.Combine(outDir, "results.csv");
        if (parse.GetValue(_summaryOnly))
        {
            AblationSummary.Write(csv, Path.Combine(outDir, "summary.md"));
            return 0;
        }
        var arms = parse.GetValue(_arms)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(AblationArm.Named).ToList();
        int batch = parse.GetValue(_batch) ?? 64;
        var ema = Average(parse);
        var rt = _common.InitRuntime(parse, seed: 0);
        if (parse.GetValue(_speed) is int per) return Speed(arms, rt, batch, per, parse.GetValue(_rounds) ?? 3);

        var seeds = parse.GetValue(_seeds)!.Split(',').Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n
            : throw new CliException($"--seeds expects whole numbers separated by commas, got '{s}'.")).ToList();
        int steps = parse.GetValue(_steps) ?? 1500, evalEvery = parse.GetValue(_evalEvery) ?? 250;
        int trainFaces = parse.GetValue(_faces) ?? 10_000, evalCount = parse.GetValue(_evalCount) ?? 2000;
        string averageName = ema switch
        {
            { Decay: double d } => $"ema-{d.ToString(CultureInfo.InvariantCulture)}",
            { HalfLifeImages: double h } e => $"ema-hl{h.ToString(CultureInfo.InvariantCulture)}" + (e.RampUp is double r ? $"-r{r.ToString(CultureInfo.InvariantCulture)}" : ""),
            _ => "ema",
        };

        Directory.CreateDirectory(Path.Combine(outDir, "grids"));
        File.AppendAllText(Path.Combine(outDir, "command.txt"), $"{DateTime.UtcNow:u}  ganlab {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}  (load {Load()}){Environment.NewLine}");
        if (!File.Exists(csv)) File.WriteAllText(csv, AblationResults.Header + Environment.NewLine);
        var done = AblationResults.Read(csv).Where(r => r.Step == steps && r.Generator == "G").Select(r => (r.Config, r.Seed)).ToHashSet();

        var clf = FaceClassifier.LoadOrTrain(Path.Combine(parse.GetValue(_pretrained)!, FaceClassifier.PretrainedFile), device: rt.Device);
        var ruler = FaceRuler.Create(clf, evalCount);
        Console.WriteLine($"ruler: N = {ruler.N}, real vs real {ruler.RealVsReal:F2}; {ruler.RealCoverage}");
        using var faces = Datasets.Faces(trainFaces, 32, seed: 0);

        foreach (int seed in seeds)
            foreach (var arm in arms)
            {
                if (done.Contains((arm.Name, seed))) { Console.WriteLine($"{arm.Name} seed {seed}: already in {csv}, skipped"); continue; }
                Train(arm, seed);
            }
        AblationSummary.Write(csv, Path.Combine(outDir, "summary.md"));
        return 0;

        void Train(AblationArm arm, int seed)
        {
            rt.Reseed(seed);
            using var run = arm.NewRun(seed, ema, rt.Device);
            var loader = new DataLoader(faces, batch, flip: true, seed: seed);
            using var z = randn(new long[] { ruler.N, arm.Latent }, generator: new TorchSharp.torch.Generator((ulong)(1000 + seed))).to(rt.Device);
            var clock = Stopwatch.StartNew();
            var evalClock = new Stopwatch();
            Console.WriteLine($"{arm.Name} seed {seed}: {arm.Description}; load {Load()}");

            void Evaluate(bool last)
            {
                evalClock.Start();
                foreach (var (name, average) in run.HasAverage ? new[] { ("G", false), (averageName, true) } : new[] { ("G", false) })
                {
                    using var images = run.Images(z, average);
                    var score = ruler.Measure(images);
                    var row = new AblationResults.Row(arm.Name, seed, run.Step, run.Step * batch, clock.Elapsed.TotalSeconds - evalClock.Elapsed.TotalSeconds,
                        name, score.Fd, score.Ratio, score.Coverage.Covered, score.Coverage.RealCategories, score.Coverage.Kl, ruler.RealVsReal);
                    File.AppendAllText(csv, row.ToCsv() + Environment.NewLine);
                    Console.WriteLine($"  step {run.Step,5} {name,-16} {score}");
                    if (last) ImageGrid.Save(images[..64], Path.Combine(outDir, "grids", $"{arm.Name}-seed{seed}-{name}.png"), nrow: 8, normalize: true, valueRange: ImageTensor.MinusOneOne);
                }
                evalClock.Stop();
            }

            Evaluate(false);
            run.StepCompleted += s => { if (s.Step % evalEvery == 0 || s.Step == steps) Evaluate(s.Step == steps); };
            try { run.Fit(loader.Select(b => b.Images), steps); }
            catch (TrainingDivergedException e)
            {
                Console.WriteLine($"  diverged: {e.Message}");
                File.AppendAllText(csv, $"# {arm.Name} seed {seed} diverged at step {e.Step}{Environment.NewLine}");
            }
        }
    }

    /// <summary>The average of G every run keeps: --ema-decay, or a half-life (default 10,000 images, ramp-up 0.05).</summary>
    EmaOptions Average(ParseResult parse)
    {
        double? decay = parse.GetValue(_emaDecay), halfLife = parse.GetValue(_emaHalfLife), rampUp = parse.GetValue(_emaRampUp);
        try
        {
            if (decay is double d) return halfLife is null && rampUp is null ? EmaOptions.PerStep(d) : throw new CliException("--ema-decay sets the average alone: leave out --ema-half-life and --ema-rampup.");
            return EmaOptions.HalfLife(halfLife ?? 10_000, rampUp ?? 0.05);
        }
        catch (ArgumentException e) { throw new CliException(e.Message); }
    }

    /// <summary>Each arm's training speed, in rounds of <paramref name="per"/> steps taken in turn (so all see the same machine load); median img/s.</summary>
    static int Speed(List<AblationArm> arms, TorchRuntime rt, int batch, int per, int rounds)
    {
        Console.WriteLine(rt.Summary + $" | load {Load()}");
        using var real = rand(batch, 3, 32, 32, device: rt.Device).mul(2).sub(1);
        var timers = arms.Select(a => (Arm: a, Run: a.NewRun(0, EmaOptions.HalfLife(10_000, 0.05), rt.Device), Times: new List<double>())).ToList();
        var data = Enumerable.Repeat(real, int.MaxValue);
        foreach (var t in timers) t.Run.Fit(data, 2);   // warm-up
        for (int r = 0; r < rounds; r++)
            foreach (var t in timers)
            {
                var w = Stopwatch.StartNew();
                t.Run.Fit(data, per);
                t.Times.Add(batch * per / w.Elapsed.TotalSeconds);
            }
        foreach (var t in timers)
        {
            var sorted = t.Times.OrderBy(x => x).ToList();
            Console.WriteLine($"{t.Arm.Name,-12} {sorted[sorted.Count / 2],7:F1} img/s (rounds: {string.Join(", ", t.Times.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))})  {t.Arm.Description}");
            t.Run.Dispose();
        }
        Console.WriteLine($"load {Load()}");
        return 0;
    }
}
