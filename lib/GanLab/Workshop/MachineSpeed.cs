using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GanLab.Data;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Workshop;

/// <summary>
/// How fast this machine runs the work the notebooks' time depends on: DCGAN-32 and MSG-GAN-32 training, the reverse
/// classifier, the 2-D toy GAN alone and ten at once, and drawing procedural faces. Measured in a few seconds (<see cref="Measure"/>) and remembered per machine
/// (<see cref="Current"/>), so that every notebook's budget, and a rerun's, comes from the same figures.
/// <code>
/// var speed = MachineSpeed.Current;   // measured once on this machine (ganlab check does it), then read back
/// Console.WriteLine(speed);           // DCGAN-32 265 img/s, MSG-GAN-32 54 img/s, toy 2-D GAN 405 steps/s, faces 9,833/s
/// </code>
/// </summary>
public sealed record MachineSpeed
{
    /// <summary>Bumped when a workload changes, so that remembered figures of the old workloads are measured again.</summary>
    public const int WorkloadVersion = 4;

    /// <summary>What the figures depend on: CPU model, cores, torch's threads and device, TorchSharp, oneDNN's cap.</summary>
    public required string Machine { get; init; }

    /// <summary>DCGAN-32 training (width 32, latent 100, batch 64, non-saturating loss, through <see cref="GanTrainer"/>), images per second.</summary>
    public required double DcganImagesPerSecond { get; init; }

    /// <summary>The same DCGAN at width 16 (notebook 7's), images per second.</summary>
    public required double DcganNarrowImagesPerSecond { get; init; }

    /// <summary>MSG-GAN-32 training with the library's default widths (batch 64, its reference loss), images per second.</summary>
    public required double MsgGanImagesPerSecond { get; init; }

    /// <summary>The 2-D toy GAN (MLPs of 3 x 128 units, batch 100, notebooks 2 and 4) through <see cref="GanTrainer"/> on one torch thread (<see cref="TorchRuntime.WithThreads"/>, as those notebooks train it), steps per second.</summary>
    public required double ToyStepsPerSecond { get; init; }

    /// <summary>Ten such toy GANs trained together by <see cref="ToyGanRuns"/> on one torch thread, run-steps per second (ten per batched step).</summary>
    public required double ToyRunStepsPerSecond { get; init; }

    /// <summary>The reverse classifier of notebook 1 (4 attributes → a 32x32 face, width 32, batch 64, pixel MSE), images per second.</summary>
    public required double ReverseClassifierImagesPerSecond { get; init; }

    /// <summary>Procedural 32x32 faces drawn per second (SkiaSharp on every core): the CPU-bound, non-torch work.</summary>
    public required double FacesPerSecond { get; init; }

    /// <summary>When the figures were measured (UTC).</summary>
    public required DateTime MeasuredAt { get; init; }

    /// <summary>How long the measurement took, in seconds.</summary>
    public required double MeasureSeconds { get; init; }

    /// <summary>The file these figures were read from, or null when just measured.</summary>
    public string? RememberedIn { get; init; }

    /// <summary>
    /// Seconds per DCGAN-32 training step at this batch size and width: the measured width 32 or 16, the nearer one
    /// scaled by the square of the width for any other (a convolution's work grows with channels in times channels out).
    /// </summary>
    public double DcganSecondsPerStep(int batch = 64, int width = 32) =>
        width <= 16 ? batch / DcganNarrowImagesPerSecond * Math.Pow(width / 16.0, 2) : batch / DcganImagesPerSecond * Math.Pow(width / 32.0, 2);

    /// <summary>Seconds per MSG-GAN-32 training step at this batch size.</summary>
    public double MsgGanSecondsPerStep(int batch = 64) => batch / MsgGanImagesPerSecond;

    /// <summary>Seconds per reverse-classifier step at this batch size.</summary>
    public double ReverseClassifierSecondsPerStep(int batch = 64) => batch / ReverseClassifierImagesPerSecond;

    /// <summary>Seconds per step of one toy GAN with <paramref name="setup"/> (default: the measured one) through <see cref="GanTrainer"/>.</summary>
    public double ToySecondsPerStep(ToyGanSetup? setup = null) => StepsOf(setup) / ToyStepsPerSecond;

    /// <summary>
    /// Seconds per step of <paramref name="runs"/> toy GANs with <paramref name="setup"/> trained together by
    /// <see cref="ToyGanRuns"/> (from the ten-run figure; a few runs cost at least most of one run's step).
    /// </summary>
    public double ToyRunsSecondsPerStep(int runs, ToyGanSetup? setup = null) => StepsOf(setup) * Math.Max(runs / ToyRunStepsPerSecond, 0.8 / ToyStepsPerSecond);

    /// <summary>
    /// A toy set-up's step in measured steps (3 layers of 128 units, one D step, no penalty): D's update is about 0.55 of
    /// a step, a gradient penalty doubles it, several D steps repeat it (measured: WGAN-GP with 5 D steps costs 5.9 steps).
    /// </summary>
    static double StepsOf(ToyGanSetup? setup) => setup is null ? 1 :
        (0.45 + 0.55 * setup.Options.DiscriminatorSteps * (setup.Options.Loss.GradientPenaltyWeight > 0 ? 2 : 1)) * Math.Pow(setup.Hidden / 128.0, 2) * setup.Layers / 3.0;

    /// <summary>
    /// Environment variable naming the folder the figures are remembered in, instead of <c>speed/</c> in GanLab's cache
    /// (<see cref="GanLabCache"/>): figures measured on a busy machine (under a test run, beside other work) go there and
    /// leave the figures the notebooks use alone. The tests set it to a folder of their own.
    /// </summary>
    public const string FolderVariable = "GANLAB_SPEED_DIR";

    /// <summary>Where the figures are remembered: <c>$GANLAB_SPEED_DIR</c>, else <c>speed/</c> in GanLab's cache.</summary>
    public static string Folder => Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder ? folder : Path.Combine(GanLabCache.Directory, "speed");

    /// <summary>The machine's figures, remembered (<see cref="Folder"/>) or measured now and remembered.</summary>
    public static MachineSpeed Current => Remembered() ?? Remember(Measure());

    /// <summary>The remembered figures for this machine as it is set up now (threads, device), or null.</summary>
    public static MachineSpeed? Remembered()
    {
        string machine = Describe(TorchRuntime.Current);
        string file = FileFor(machine);
        if (!File.Exists(file)) return null;
        try
        {
            var speed = JsonSerializer.Deserialize<MachineSpeed>(File.ReadAllText(file));
            return speed is not null && speed.Machine == machine ? speed with { RememberedIn = file } : null;
        }
        catch (JsonException) { return null; }   // a damaged file: measure again
    }

    /// <summary>Writes <paramref name="speed"/> to this machine's cache file (what <see cref="Current"/> reads) and returns it.</summary>
    public static MachineSpeed Remember(MachineSpeed speed)
    {
        string file = FileFor(speed.Machine);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        AtomicFile.WriteAllBytes(file, JsonSerializer.SerializeToUtf8Bytes(speed with { RememberedIn = null }, new JsonSerializerOptions { WriteIndented = true }));
        return speed with { RememberedIn = file };
    }

    /// <summary>
    /// Measures the figures now (about 5-10 s on a 2-core laptop): a warm-up step, then single steps until
    /// <paramref name="secondsEach"/> has passed, for each workload; each figure is the median step. Torch's random state is
    /// left as it was, so measuring inside a notebook does not change its numbers.
    /// </summary>
    public static MachineSpeed Measure(double secondsEach = 0.6)
    {
        var rt = TorchRuntime.Current;
        var device = rt.Device;
        var clock = Stopwatch.StartNew();
        var rngState = get_rng_state();
        try
        {
            double dcgan = GanImagesPerSecond(() => GanTrainer.Create(new DcganGenerator(32, 100, 32).to(device), new DcganDiscriminator(32, 32).to(device), TrainerOptions.Dcgan), device, secondsEach, warmup: 8, group: 4);
            // width 16 steps are a quarter as long: twice the time and groups of 8, or a few noisy groups decide notebook 7's budget
            double narrow = GanImagesPerSecond(() => GanTrainer.Create(new DcganGenerator(32, 100, 16).to(device), new DcganDiscriminator(32, 16).to(device), TrainerOptions.Dcgan), device, 2 * secondsEach, warmup: 8, group: 8);
            double msg = GanImagesPerSecond(() => GanTrainer.Create(new MsgGanGenerator(32).to(device), new MsgGanDiscriminator(32).to(device), TrainerOptions.MsgGan), device, secondsEach, warmup: 2, group: 1);
            double toy, toyRuns;
            using (TorchRuntime.WithThreads(1))   // as notebooks 2 and 4 train them: tiny MLPs run faster on one thread
            {
                toy = ToyStepsPerSecondNow(device, secondsEach);
                toyRuns = ToyRunStepsPerSecondNow(device, secondsEach);
            }
            double reverse = ReverseClassifierImagesPerSecondNow(device, secondsEach);
            double faces = FacesDrawnPerSecond(secondsEach);
            return new MachineSpeed
            {
                Machine = Describe(rt),
                DcganImagesPerSecond = dcgan,
                DcganNarrowImagesPerSecond = narrow,
                MsgGanImagesPerSecond = msg,
                ToyStepsPerSecond = toy,
                ToyRunStepsPerSecond = toyRuns,
                ReverseClassifierImagesPerSecond = reverse,
                FacesPerSecond = faces,
                MeasuredAt = DateTime.UtcNow,
                MeasureSeconds = clock.Elapsed.TotalSeconds,
            };
        }
        finally
        {
            set_rng_state(rngState);
            rngState.Dispose();
        }
    }

    /// <summary>"DCGAN-32 265 img/s (width 16: 867), MSG-GAN-32 54 img/s, reverse classifier 1,366 img/s, toy 2-D GAN 405 steps/s (ten at once: 563 run-steps/s), faces drawn 9,833/s" (the 2-core development VM, idle, 2026-12-02).</summary>
    public override string ToString() =>
        $"DCGAN-32 {DcganImagesPerSecond:N0} img/s (width 16: {DcganNarrowImagesPerSecond:N0}), MSG-GAN-32 {MsgGanImagesPerSecond:N0} img/s, " +
        $"reverse classifier {ReverseClassifierImagesPerSecond:N0} img/s, toy 2-D GAN {ToyStepsPerSecond:N0} steps/s (ten at once: {ToyRunStepsPerSecond:N0} run-steps/s), " +
        $"faces drawn {FacesPerSecond:N0}/s";

    /// <summary>The machine's description: the key its figures are remembered under.</summary>
    public static string Describe(TorchRuntime rt) =>
        $"{CpuModel()}; {Environment.ProcessorCount} logical cores; torch {rt.Device}, {rt.Threads} thread(s); TorchSharp {TorchRuntime.TorchSharpVersion}; " +
        $"{rt.OneDnnNote?.Split(" (")[0] ?? "oneDNN uncapped"}; workloads v{WorkloadVersion}";   // the note's reason is given on torch's first start only

    static string FileFor(string machine) =>
        Path.Combine(Folder, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(machine)))[..16].ToLowerInvariant() + ".json");

    static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>
    /// A GAN's training speed as a run reaches it: <paramref name="warmup"/> steps first (a run's first steps are slower:
    /// measured on the 2-core machine, timing from the second step gave DCGAN-32 253 img/s where notebook 3's run reached
    /// 367), then groups of <paramref name="group"/> steps timed.
    /// </summary>
    static double GanImagesPerSecond<T>(Func<GanTrainer<T>> create, Device device, double seconds, int warmup, int group)
    {
        const int batch = 64;
        using var scope = NewDisposeScope();
        using var trainer = create();
        var real = rand(batch, 3, 32, 32, device: device).mul(2).sub(1);
        var data = new[] { real };
        trainer.Fit(data, warmup);
        return batch * group / MedianStepSeconds(() => trainer.Fit(data, group), seconds);
    }

    static double ToyStepsPerSecondNow(Device device, double seconds)
    {
        using var scope = NewDisposeScope();
        using var trainer = GanTrainer.Create(new MlpGenerator().to(device), new MlpDiscriminator().to(device), TrainerOptions.Toy2d);
        var data = ToyMixture.Ring().Batches(100, seed: 1);
        // The first hundred steps are slower than the rest of a run (measured: a third slower): skip them. One toy step
        // is a few milliseconds: time groups of 10 so the clock's resolution does not matter.
        trainer.Fit(data, 100);
        return 10 / MedianStepSeconds(() => trainer.Fit(data, 10), seconds);
    }

    static double ToyRunStepsPerSecondNow(Device device, double seconds)
    {
        using var scope = NewDisposeScope();
        using var runs = new ToyGanRuns(new ToyGanSetup(), Enumerable.Range(1, 10).Select(i => (long)i).ToList(), device);
        var ring = ToyMixture.Ring();
        runs.Fit(ring, 20);
        return 10 / MedianStepSeconds(() => runs.Fit(ring, 1), seconds);
    }

    static double ReverseClassifierImagesPerSecondNow(Device device, double seconds)
    {
        const int batch = 64;
        using var scope = NewDisposeScope();
        using var model = new ReverseClassifier(inputs: 4, imageSize: 32, width: 32).to(device);
        var data = new[] { (rand(batch, 4, device: device).round(), rand(batch, 3, 32, 32, device: device).mul(2).sub(1)) };
        return batch / MedianStepSeconds(() => RegressionTrainer.Fit(model, data, 1, PixelLoss.Mse, 1e-3), seconds);
    }

    static double FacesDrawnPerSecond(double seconds)
    {
        const int count = 256;
        int seed = 0;
        return count / MedianStepSeconds(() => { using var faces = Datasets.Faces(count, 32, seed: 1_000 + seed++, cache: false); }, seconds);
    }

    /// <summary>One warm-up run, then runs until <paramref name="seconds"/> have passed (at least 2); the median run's seconds.</summary>
    static double MedianStepSeconds(Action step, double seconds)
    {
        step();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 2 || total.Elapsed.TotalSeconds < seconds)
        {
            var watch = Stopwatch.StartNew();
            step();
            times.Add(watch.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
