using System.Diagnostics;
using GanLab.Data;
using GanLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;
using static GanLab.Training.Arithmetic;

namespace GanLab.Training;

/// <summary>
/// Trains several 2-D toy GANs at once, one per seed, as one batched model: every layer holds one weight matrix per run
/// (shape runs x out x in) and multiplies all runs' points in one batched matrix product, and the loss is the sum of the
/// runs' losses, so each run's gradients are its own. A toy step is a few hundred tiny operations; ten runs cost little
/// more than one. Each run is what <see cref="GanTrainer"/> trains for its seed (a test checks it step by step): torch
/// seeded with the seed, then G and D made; the trainer's noise seeded with the seed; batches from
/// <see cref="ToyMixture.Batches"/> with the seed.
/// <code>
/// using var runs = new ToyGanRuns(new ToyGanSetup(), seeds: new long[] { 1, 2, 3, 4, 5 });
/// runs.Fit(ToyMixture.Ring(), steps: 3_000);
/// var points = runs.Sample(2_500);   // (5, 2500, 2): run r's points at [r]
/// </code>
/// </summary>
public sealed class ToyGanRuns : IDisposable
{
    readonly BatchedMlp _g, _d;
    readonly Adam _optimizerG, _optimizerD;
    readonly torch.Generator[] _noise;
    readonly List<TrainingStep>[] _history;
    IEnumerator<Tensor>[]? _batches;
    ToyMixture? _mixture;
    // Cached: a Scalar made per call (leaky_relu(x, 0.2), full(n, NaN)) can be freed by another thread's GC while libtorch
    // reads it (TorchSharp 0.107, dotnet/TorchSharp#1434); 1 and 2, 1 - x, 1 + x and a + b come from Arithmetic for the same reason.
    static readonly Scalar LeakySlope = 0.2, NaN = float.NaN;

    /// <summary>Makes one G and one D per seed, exactly as a single run with that seed makes them (this reseeds torch's generator).</summary>
    /// <exception cref="ArgumentException">No seeds, a loss that is not a mean over points, an R1 penalty, or a batch that does not split into packs.</exception>
    public ToyGanRuns(ToyGanSetup setup, IReadOnlyList<long> seeds, Device? device = null)
    {
        if (seeds.Count == 0) throw new ArgumentException("Give at least one seed.", nameof(seeds));
        if (setup.Options.Loss is not (NonSaturatingLoss or MinimaxLoss or HingeLoss or WassersteinGpLoss))
            throw new ArgumentException($"ToyGanRuns trains the losses that are means over points (ns, minimax, hinge, wgan-gp); '{setup.Options.Loss.Name}' compares batches: train it with GanTrainer.", nameof(setup));
        if (setup.BatchSize % setup.Pack != 0) throw new ArgumentException($"The batch ({setup.BatchSize}) must be a multiple of the pack size {setup.Pack}.", nameof(setup));
        if (setup.Options.R1Gamma != 0) throw new ArgumentException($"ToyGanRuns has no R1 penalty (R1Gamma {setup.Options.R1Gamma}): train it with GanTrainer, or set R1Gamma to 0.", nameof(setup));
        if (setup.Options.DiscriminatorSteps < 1) throw new ArgumentException($"DiscriminatorSteps must be at least 1, got {setup.Options.DiscriminatorSteps}.", nameof(setup));
        Setup = setup;
        Seeds = seeds.ToArray();
        Device = device ?? CPU;
        var gs = new List<MlpGenerator>();
        var ds = new List<MlpDiscriminator>();
        foreach (long seed in Seeds)
        {
            manual_seed(seed);   // as GanTrainer's callers do: torch seeded, then G, then D
            gs.Add(new MlpGenerator(setup.Latent, setup.Hidden, setup.Layers));
            ds.Add(new MlpDiscriminator(2 * setup.Pack, setup.Hidden, setup.Layers));
        }
        _g = new BatchedMlp(gs, leakyRelu: false, Device);
        _d = new BatchedMlp(ds, leakyRelu: true, Device);
        foreach (var m in gs.Cast<nn.Module>().Concat(ds)) m.Dispose();
        var options = setup.Options;
        _optimizerG = optim.Adam(_g.Parameters, options.LearningRateG, options.Beta1, options.Beta2);
        _optimizerD = optim.Adam(_d.Parameters, options.LearningRateD, options.Beta1, options.Beta2);
        // Each run's noise as GanTrainer draws it: its own generator, which first draws the fixed noise of the snapshots.
        _noise = Seeds.Select(seed => new torch.Generator((ulong)seed)).ToArray();
        foreach (var noise in _noise) randn(new long[] { options.SnapshotCount, setup.Latent }, generator: noise).Dispose();
        _history = Seeds.Select(_ => new List<TrainingStep>()).ToArray();
    }

    /// <summary>The set-up every run shares.</summary>
    public ToyGanSetup Setup { get; }

    /// <summary>One seed per run, in run order.</summary>
    public IReadOnlyList<long> Seeds { get; }

    /// <summary>Where the models live.</summary>
    public Device Device { get; }

    /// <summary>Number of runs.</summary>
    public int Runs => Seeds.Count;

    /// <summary>Steps completed (every run takes the same steps).</summary>
    public long Step { get; private set; }

    /// <summary>Run <paramref name="run"/>'s figures per step, as <see cref="GanTrainer{T}.History"/> records them (gradient norms are not measured: NaN).</summary>
    public IReadOnlyList<TrainingStep> History(int run) => _history[run];

    /// <summary>
    /// Trains every run <paramref name="steps"/> more steps on <paramref name="mixture"/>: run r's real batches are
    /// <c>mixture.Batches(Setup.BatchSize, seed: Seeds[r])</c>, continued across calls.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A run's loss became NaN or infinite (the exception names its seed).</exception>
    public void Fit(ToyMixture mixture, long steps)
    {
        if (!ReferenceEquals(mixture, _mixture))
        {
            if (_batches is not null) throw new ArgumentException("Fit continues the runs' batch streams: pass the same mixture as before.", nameof(mixture));
            _mixture = mixture;
            _batches = Seeds.Select(seed => mixture.Batches(Setup.BatchSize, seed).GetEnumerator()).ToArray();
        }
        for (long i = 0; i < steps; i++) TrainStep();
    }

    /// <summary>
    /// One step of every run, the same step as <see cref="GanTrainer{T}"/>'s: D updated on a real and a generated
    /// batch (DiscriminatorSteps times, or measured only once D is frozen), then G through D.
    /// </summary>
    void TrainStep()
    {
        var watch = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var options = Setup.Options;
        var loss = options.Loss;
        bool frozen = options.FreezeDiscriminatorAfter is long n && Step >= n;
        Tensor real = null!, fake = null!, lossD = null!, outputReal = null!, outputFake = null!;
        using var lambda = loss.GradientPenaltyWeight.ToScalar();   // one Scalar per step, alive until the step ends
        for (int k = 0; k < (frozen ? 1 : options.DiscriminatorSteps); k++)
        {
            real = stack(_batches!.Select(b => { b.MoveNext(); return b.Current; }).ToArray()).to(Device);        // (runs, batch, 2)
            var z = stack(_noise.Select(g => randn(new long[] { Setup.BatchSize, Setup.Latent }, generator: g)).ToArray()).to(Device);
            fake = _g.Forward(z);
            if (frozen)
            {
                using var _ = no_grad();
                outputReal = D(real);
                outputFake = D(fake.detach());
                lossD = DiscriminatorLoss(loss, outputReal, outputFake);
                break;
            }
            // (1) Update D: each run's D objective, summed over runs
            _optimizerD.zero_grad();
            outputReal = D(real);
            outputFake = D(fake.detach());
            lossD = DiscriminatorLoss(loss, outputReal, outputFake);
            if (loss.GradientPenaltyWeight > 0) lossD = Plus(lossD, lambda * GradientPenalty(real, fake));
            lossD.sum().backward();
            _optimizerD.step();
        }

        // (2) Update G: each run's G objective through its D, summed over runs
        Tensor? outputRealAfter = null;
        int every = options.MeasureRealAfterUpdateEvery;
        if (every > 0 && (Step + 1) % every == 0)
            using (no_grad()) outputRealAfter = D(real);
        _optimizerG.zero_grad();
        var outputFakeAfter = D(fake);
        var lossG = GeneratorLoss(loss, outputFakeAfter);
        lossG.sum().backward();
        _optimizerG.step();

        float[] f;
        using (no_grad())
        {
            var nan = full(Runs, NaN, device: Device);
            f = stack(new[]
            {
                lossD, lossG, loss.Score(outputReal).mean(new long[] { 1 }), loss.Score(outputFake).mean(new long[] { 1 }),
                outputRealAfter is null ? nan : loss.Score(outputRealAfter).mean(new long[] { 1 }), loss.Score(outputFakeAfter).mean(new long[] { 1 }),
            }, 1).cpu().data<float>().ToArray();
        }
        Step++;
        double seconds = watch.Elapsed.TotalSeconds;
        for (int r = 0; r < Runs; r++)
        {
            int o = 6 * r;
            if (!float.IsFinite(f[o]) || !float.IsFinite(f[o + 1]))
                throw new TrainingDivergedException(Step,
                    $"Run {r} (seed {Seeds[r]}) diverged at step {Step}: its {(float.IsFinite(f[o]) ? "G" : "D")} loss is {(float.IsFinite(f[o]) ? f[o + 1] : f[o])}. " +
                    "Try a lower learning rate or another loss.");
            _history[r].Add(new TrainingStep
            {
                Step = Step, LossD = f[o], LossG = f[o + 1], DReal = f[o + 2], DFake = f[o + 3], DRealAfter = f[o + 4], DFakeAfter = f[o + 5],
                GradNormD = float.NaN, GradNormG = float.NaN, Seconds = seconds, DFrozen = frozen,
            });
        }
    }

    /// <summary>D's logits per run: points (runs, batch, 2) → (runs, batch / Pack), packing consecutive points as <see cref="PackedDiscriminator"/> does.</summary>
    Tensor D(Tensor points) => _d.Forward(points.reshape(points.shape[0], points.shape[1] / Setup.Pack, 2 * Setup.Pack)).squeeze(-1);

    /// <summary>WGAN-GP's penalty per run: (‖∇D(x̂)‖ − 1)² averaged over the run's points x̂ (random mixes of real and fake, drawn from the run's noise).</summary>
    Tensor GradientPenalty(Tensor real, Tensor fake)
    {
        var alpha = stack(_noise.Select(g => rand(new long[] { Setup.BatchSize }, generator: g)).ToArray()).to(Device).unsqueeze(-1);
        var mixed = Plus(alpha * real.detach(), OneMinus(alpha) * fake.detach()).requires_grad_(true);   // α·real + (1 − α)·fake
        var output = D(mixed);
        var gradients = torch.autograd.grad(new[] { output }, new[] { mixed }, new[] { ones_like(output) }, retain_graph: true, create_graph: true)[0];
        return (gradients.norm(2) - One).pow(Two).mean(new long[] { 1 });
    }

    // The losses per run (runs, batch) → (runs): the loss classes' formulas with the mean taken over each run's points.
    static Tensor DiscriminatorLoss(GanLoss loss, Tensor real, Tensor fake) => loss switch
    {
        NonSaturatingLoss or MinimaxLoss => Plus(PerRun(softplus(-real)), PerRun(softplus(fake))),
        HingeLoss => Plus(PerRun(relu(OneMinus(real))), PerRun(relu(OnePlus(fake)))),
        WassersteinGpLoss => PerRun(fake) - PerRun(real),
        _ => throw new InvalidOperationException($"unsupported loss {loss.Name}"),
    };

    static Tensor GeneratorLoss(GanLoss loss, Tensor fake) => loss switch
    {
        NonSaturatingLoss => PerRun(softplus(-fake)),
        MinimaxLoss => -PerRun(softplus(fake)),
        HingeLoss or WassersteinGpLoss => -PerRun(fake),
        _ => throw new InvalidOperationException($"unsupported loss {loss.Name}"),
    };

    static Tensor PerRun(Tensor x) => x.mean(new long[] { 1 });

    /// <summary>
    /// Each run's G on <paramref name="count"/> fresh latent vectors drawn from the run's own noise (as
    /// <see cref="GanTrainer{T}.Sample"/> draws them): points (runs, count, 2) on the CPU.
    /// </summary>
    public Tensor Sample(int count)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var z = stack(_noise.Select(g => randn(new long[] { count, Setup.Latent }, generator: g)).ToArray()).to(Device);
        return _g.Forward(z).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>A copy of run <paramref name="run"/>'s G as a plain <see cref="MlpGenerator"/> on <see cref="Device"/> (torch's random state is left as it was).</summary>
    public MlpGenerator Generator(int run)
    {
        var g = Fresh(() => new MlpGenerator(Setup.Latent, Setup.Hidden, Setup.Layers)).to(Device);
        _g.CopyRun(run, g);
        return g;
    }

    /// <summary>
    /// A copy of run <paramref name="run"/>'s D on <see cref="Device"/>: an <see cref="MlpDiscriminator"/>, inside a
    /// <see cref="PackedDiscriminator"/> when <see cref="ToyGanSetup.Pack"/> is above 1 (torch's random state is left as it was).
    /// </summary>
    public nn.Module<Tensor, Tensor> Discriminator(int run)
    {
        var d = Fresh(() => new MlpDiscriminator(2 * Setup.Pack, Setup.Hidden, Setup.Layers)).to(Device);
        _d.CopyRun(run, d);
        return Setup.Pack > 1 ? new PackedDiscriminator(d, Setup.Pack) : d;
    }

    static T Fresh<T>(Func<T> make)
    {
        using var state = get_rng_state();
        try { return make(); }
        finally { set_rng_state(state); }
    }

    /// <summary>Frees the batched weights, the optimisers and the noise generators.</summary>
    public void Dispose()
    {
        foreach (var b in _batches ?? Array.Empty<IEnumerator<Tensor>>()) b.Dispose();
        _optimizerG.Dispose();
        _optimizerD.Dispose();
        foreach (var g in _noise) g.Dispose();
        _g.Dispose();
        _d.Dispose();
    }

    /// <summary>
    /// The runs' MLPs as one: layer l holds W (runs, out, in) and b (runs, out), stacked from the runs' own
    /// <see cref="Linear"/> layers; x (runs, n, in) → b + x Wᵀ per run, as Linear computes it for one.
    /// </summary>
    sealed class BatchedMlp : IDisposable
    {
        readonly List<Parameter> _weights = new(), _biases = new();
        readonly bool _leakyRelu;

        public BatchedMlp(IReadOnlyList<nn.Module> runs, bool leakyRelu, Device device)
        {
            _leakyRelu = leakyRelu;
            using var _ = no_grad();
            var layers = runs.Select(m => m.modules().OfType<Linear>().ToList()).ToList();
            for (int l = 0; l < layers[0].Count; l++)
            {
                _weights.Add(nn.Parameter(stack(layers.Select(r => r[l].weight!).ToArray()).to(device)));
                _biases.Add(nn.Parameter(stack(layers.Select(r => r[l].bias!).ToArray()).to(device)));
            }
        }

        public IEnumerable<Parameter> Parameters => _weights.Zip(_biases).SelectMany(p => new[] { p.First, p.Second });

        public Tensor Forward(Tensor x)
        {
            for (int l = 0; l < _weights.Count; l++)
            {
                x = x.baddbmm(_weights[l].transpose(1, 2), _biases[l].unsqueeze(1));   // TorchSharp: batch1.baddbmm(batch2, input)
                if (l < _weights.Count - 1) x = _leakyRelu ? x.leaky_relu(LeakySlope) : relu(x);   // leaky_relu(x, 0.2)
            }
            return x;
        }

        /// <summary>Copies run <paramref name="run"/>'s weights into <paramref name="target"/>'s Linear layers.</summary>
        public void CopyRun(int run, nn.Module target)
        {
            using var _ = no_grad();
            var linears = target.modules().OfType<Linear>().ToList();
            for (int l = 0; l < linears.Count; l++)
            {
                linears[l].weight!.copy_(_weights[l][run]);
                linears[l].bias!.copy_(_biases[l][run]);
            }
        }

        public void Dispose()
        {
            foreach (var p in _weights.Concat(_biases)) p.Dispose();
        }
    }
}
