// The MSG-GAN collapse ablation (issue 15). Trains each configuration × seed on procedural faces and measures G and
// moving averages of G with notebook 3's ruler every --eval-every steps. Results go to OUT/results.csv (one row per
// configuration, seed, step and generator) and OUT/summary.md; sample grids to OUT/grids/. Runs already complete in
// results.csv are skipped, so the command can be stopped and rerun. See README.md.
using System.Diagnostics;
using System.Globalization;
using GanLab.Data;
using GanLab.Imaging;
using GanLab.Metrics;
using GanLab.Runtime;
using GanLab.Training;
using MsgGanAblation;
using TorchSharp;
using static TorchSharp.torch;

var a = Args.Parse(args);
if (a.Has("--list"))
{
    foreach (var c in RunConfig.All) Console.WriteLine($"{c.Name,-12} {c.Description}");
    return 0;
}
string outDir = a.Get("--out", "out/msggan-ablation");
string csv = Path.Combine(outDir, "results.csv");
if (a.Has("--summary-only"))
{
    Summary.Write(csv, Path.Combine(outDir, "summary.md"));
    return 0;
}
var configs = a.Get("--configs", "dcgan,msg").Split(',').Select(RunConfig.Named).ToList();
if (a.Has("--speed"))
{
    // Training speed of each configuration, in rounds of --speed steps taken in turn (so all see the same machine load); median img/s.
    var srt = TorchRuntime.Init(threads: a.Int("--threads", 1), seed: 0);
    Console.WriteLine(srt.Summary + $" | load {File.ReadAllText("/proc/loadavg").Trim()}");
    int sb = a.Int("--batch", 64), per = a.Int("--speed", 5), rounds = a.Int("--rounds", 3);
    var real = new[] { rand(sb, 3, 32, 32).mul(2).sub(1) };
    var timers = configs.Select(c => (Config: c, Step: SpeedRun(c, real), Times: new List<double>())).ToList();
    foreach (var t in timers) t.Step(2);   // warm-up
    for (int r = 0; r < rounds; r++)
        foreach (var t in timers) { var w = Stopwatch.StartNew(); t.Step(per); t.Times.Add(sb * per / w.Elapsed.TotalSeconds); }
    foreach (var t in timers)
    {
        var sorted = t.Times.OrderBy(x => x).ToList();
        Console.WriteLine($"{t.Config.Name,-12} {sorted[sorted.Count / 2],7:F1} img/s (rounds: {string.Join(", ", t.Times.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))})  {t.Config.Description}");
    }
    Console.WriteLine($"load {File.ReadAllText("/proc/loadavg").Trim()}");
    return 0;
}

static Action<long> SpeedRun(RunConfig c, Tensor[] real)
{
    var g = c.NewGenerator();
    if (c.IsMsgGan)
    {
        var t = GanTrainer.Create((GanLab.Models.MsgGanGenerator)g, new GanLab.Models.MsgGanDiscriminator(32, c.Width, c.MaxWidth), c.Options(0) with { MeasureRealAfterUpdate = false });
        return n => t.Fit(real, n);
    }
    var td = GanTrainer.Create((GanLab.Models.DcganGenerator)g, new GanLab.Models.DcganDiscriminator(32, c.Width), c.Options(0) with { MeasureRealAfterUpdate = false });
    return n => td.Fit(real, n);
}
var seeds = a.Get("--seeds", "1").Split(',').Select(int.Parse).ToList();
int steps = a.Int("--steps", 3000), evalEvery = a.Int("--eval-every", 500), batch = a.Int("--batch", 64);
int trainFaces = a.Int("--faces", 10_000), evalCount = a.Int("--eval-count", 2000);
var emas = a.Get("--emas", "0.999,hl10k").Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();

var rt = TorchRuntime.Init(threads: a.Int("--threads", 1), seed: 0);
Console.WriteLine(rt.Summary);
Directory.CreateDirectory(Path.Combine(outDir, "grids"));
File.AppendAllText(Path.Combine(outDir, "command.txt"), $"{DateTime.UtcNow:u}  {string.Join(' ', args)}  (load {File.ReadAllText("/proc/loadavg").Trim()}){Environment.NewLine}");
if (!File.Exists(csv)) File.WriteAllText(csv, Summary.Header + Environment.NewLine);
var done = Summary.Read(csv).Where(r => r.Step == steps && r.Generator == "G").Select(r => (r.Config, r.Seed)).ToHashSet();

var clf = FaceClassifier.LoadOrTrain(Path.Combine(a.Get("--pretrained", "data/pretrained"), FaceClassifier.PretrainedFile), device: rt.Device);
var ruler = FaceRuler.Create(clf, evalCount);
Console.WriteLine($"ruler: N = {ruler.N}, real vs real {ruler.RealVsReal:F2}; {ruler.RealCoverage}");
using var faces = Datasets.Faces(trainFaces, 32, seed: 0);

foreach (var seed in seeds)
    foreach (var config in configs)
    {
        if (done.Contains((config.Name, seed))) { Console.WriteLine($"{config.Name} seed {seed}: already in {csv}, skipped"); continue; }
        Train(config, seed);
    }
Summary.Write(csv, Path.Combine(outDir, "summary.md"));
return 0;

void Train(RunConfig config, int seed)
{
    rt.Reseed(seed);
    var g = config.NewGenerator().to(rt.Device);
    var d = (config.IsMsgGan ? (nn.Module)new GanLab.Models.MsgGanDiscriminator(32, config.Width, config.MaxWidth) : new GanLab.Models.DcganDiscriminator(32, config.Width)).to(rt.Device);
    var shadows = emas.Select(e => new ShadowGenerator("ema" + e, config.NewGenerator().to(rt.Device), g, Beta(e))).ToList();
    var loader = new DataLoader(faces, batch, flip: true, seed: seed);
    var z = randn(new long[] { ruler.N, config.Latent }, generator: new torch.Generator((ulong)(1000 + seed))).to(rt.Device);
    var clock = Stopwatch.StartNew();
    var evalClock = new Stopwatch();
    long step = 0;
    Console.WriteLine($"{config.Name} seed {seed}: {config.Description}");

    void Evaluate(bool last)
    {
        evalClock.Start();
        foreach (var (name, module) in shadows.Select(s => (s.Name, s.Module)).Prepend(("G", g)))
        {
            var images = Sample(config, module, z);
            var score = ruler.Measure(images);
            var row = new Summary.Row(config.Name, seed, step, step * batch, clock.Elapsed.TotalSeconds - evalClock.Elapsed.TotalSeconds,
                name, score.Fd, score.Ratio, score.Coverage.Covered, score.Coverage.RealCategories, score.Coverage.Kl, ruler.RealVsReal);
            File.AppendAllText(csv, row.ToCsv() + Environment.NewLine);
            Console.WriteLine($"  step {step,5} {name,-10} {score}");
            if (last) ImageGrid.Save(images[..64], Path.Combine(outDir, "grids", $"{config.Name}-seed{seed}-{name}.png"), nrow: 8, normalize: true, valueRange: ImageTensor.MinusOneOne);
            images.Dispose();
        }
        evalClock.Stop();
    }

    var run = config.IsMsgGan
        ? (Func<long, long>)(n => Fit(GanTrainer.Create((GanLab.Models.MsgGanGenerator)g, (GanLab.Models.MsgGanDiscriminator)d, config.Options(seed)), n))
        : n => Fit(GanTrainer.Create((GanLab.Models.DcganGenerator)g, (GanLab.Models.DcganDiscriminator)d, config.Options(seed)), n);
    Evaluate(false);
    run(steps);

    long Fit<T>(GanTrainer<T> trainer, long n)
    {
        using var _ = trainer;
        trainer.StepCompleted += s =>
        {
            step = s.Step;
            foreach (var sh in shadows) sh.Update(step * batch);
            if (step % evalEvery == 0 || step == steps) Evaluate(step == steps);
        };
        try { trainer.Fit(loader.Select(b => b.Images), n); }
        catch (TrainingDivergedException e) { Console.WriteLine($"  diverged: {e.Message}"); File.AppendAllText(csv, $"# {config.Name} seed {seed} diverged at step {e.Step}{Environment.NewLine}"); }
        return trainer.Step;
    }
    foreach (var s in shadows) s.Dispose();
    g.Dispose();
    d.Dispose();
    z.Dispose();
}

// β per G step from "0.999" (a constant decay, BMSG-GAN's) or "hl10k" (StyleGAN2-ADA's: a half-life of 10k images,
// ramped up as 5% of the images seen so far, β = 0.5^(batch / min(10k, 0.05 · images))).
Func<long, double> Beta(string spec)
{
    if (!spec.StartsWith("hl", StringComparison.Ordinal)) { double beta = double.Parse(spec, CultureInfo.InvariantCulture); return _ => beta; }
    double halfLife = double.Parse(spec[2..].Replace("k", ""), CultureInfo.InvariantCulture) * (spec.EndsWith('k') ? 1000 : 1);
    return images => Math.Pow(0.5, batch / Math.Max(1e-8, Math.Min(halfLife, 0.05 * images)));
}

static Tensor Sample(RunConfig config, nn.Module g, Tensor z)
{
    bool training = g.training;
    g.eval();
    try
    {
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (int i = 0; i < z.shape[0]; i += 500) parts.Add(config.Full(g, z[i..(int)Math.Min(i + 500, z.shape[0])]).cpu());
        return cat(parts, 0);
    }
    finally { g.train(training); }
}
