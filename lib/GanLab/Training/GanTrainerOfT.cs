using System.Diagnostics;
using GanLab.Models;
using GanLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static GanLab.Training.Arithmetic;

namespace GanLab.Training;

/// <summary>
/// Trains any G/D pair with one loop (pytorch/examples' DCGAN loop): each step updates D on a real and a
/// generated batch, then G through D, by calling <see cref="GanSteps.UpdateD"/> and <see cref="GanSteps.UpdateG"/>.
/// Around those two calls it records the numbers that tell a GAN's health (<see cref="History"/>), keeps an average
/// of G when asked (<see cref="GEma"/>), renders a fixed noise batch at chosen intervals (<see cref="Snapshots"/>),
/// raises events for live displays, writes checkpoints atomically, resumes exactly, and stops with a clear message
/// when a loss or a gradient norm is NaN or infinite.
/// Create one with <see cref="GanTrainer.Create(nn.Module{Tensor, Tensor}, nn.Module{Tensor, Tensor}, TrainerOptions?)"/>.
/// </summary>
/// <typeparam name="T">What G makes and D reads: <see cref="Tensor"/>, or <c>Tensor[]</c> for MSG-GAN's scales.</typeparam>
public sealed class GanTrainer<T> : IDisposable
{
    readonly IGanSamples<T> _samples;
    readonly Device _device;
    readonly List<TrainingStep> _history = new();
    readonly List<TrainingSnapshot> _snapshots = new();
    IEnumerable<Tensor>? _data;
    IEnumerator<Tensor>? _batches;
    string? _lastCheckpoint;
    bool _diverged;
    // A Scalar made per call (x - 1, x.pow(2)) can be freed by another thread's GC while libtorch reads it (TorchSharp
    // 0.107, dotnet/TorchSharp#1434): constants come from Arithmetic's cached One and Two; numbers that change (λ, the
    // average's 1 − β) get one Scalar or tensor per call, held by a `using` until the call ends. TorchSharp's Adam.step
    // still makes such Scalars; we cannot change that.

    /// <param name="generator">G: latent vectors (N, latent) → samples.</param>
    /// <param name="discriminator">D: samples → one output per sample (N).</param>
    /// <param name="samples">How samples are handled (<see cref="SingleScale"/> or <see cref="MultiScale"/>).</param>
    /// <param name="options">Loss, optimisers, seed, snapshots, checkpoints (default: DCGAN's).</param>
    /// <param name="latent">Length of z; read from G when it is an <see cref="IGenerator"/>.</param>
    public GanTrainer(nn.Module<Tensor, T> generator, nn.Module<T, Tensor> discriminator, IGanSamples<T> samples, TrainerOptions? options = null, int? latent = null)
    {
        G = generator;
        D = discriminator;
        _samples = samples;
        Options = options ?? TrainerOptions.Dcgan;
        Latent = latent ?? (generator as IGenerator)?.Latent
            ?? throw new ArgumentException("Pass the latent size: the generator does not say it (it is not an IGenerator).", nameof(latent));
        Options.LearningRateDecay?.Validated();
        if (Options.DiscriminatorSteps < 1) throw new ArgumentException($"DiscriminatorSteps must be at least 1, got {Options.DiscriminatorSteps}.", nameof(options));
        if (!(Options.R1Gamma >= 0)) throw new ArgumentException($"R1Gamma weighs a penalty and must be 0 (none) or more, got {Options.R1Gamma}.", nameof(options));
        _device = generator.parameters().First().device;
        Noise = new torch.Generator((ulong)Options.Seed);   // on the CPU: z is drawn there and moved (SeededRandom)
        FixedNoise = SeededRandom.Randn(new long[] { Options.SnapshotCount, Latent }, Noise, _device).DetachFromDisposeScope();
        OptimizerG = optim.Adam(G.parameters(), Options.LearningRateG, Options.Beta1, Options.Beta2);
        OptimizerD = optim.Adam(D.parameters(), Options.LearningRateD, Options.Beta1, Options.Beta2);
        if (Options.Ema is { } ema)
        {
            ema.Validated();
            GEma = generator is IGenerator copyable ? (nn.Module<Tensor, T>)copyable.Copy()
                : throw new ArgumentException("Options.Ema keeps an average of G in a copy of G, and this generator cannot copy itself (it is not an IGenerator).", nameof(options));
            GEma.eval();
            foreach (var p in GEma.parameters()) p.requires_grad = false;
        }
    }

    /// <summary>The generator being trained (its own weights, the ones the optimiser moves).</summary>
    public nn.Module<Tensor, T> G { get; }

    /// <summary>
    /// The exponential moving average of <see cref="G"/>'s weights (<see cref="TrainerOptions.Ema"/>), always in eval mode;
    /// null without one. Snapshots, <see cref="Sample"/> and exports come from it when there is one.
    /// </summary>
    public nn.Module<Tensor, T>? GEma { get; }

    /// <summary>The discriminator (critic).</summary>
    public nn.Module<T, Tensor> D { get; }

    /// <summary>G's Adam optimiser.</summary>
    public Adam OptimizerG { get; }

    /// <summary>D's Adam optimiser.</summary>
    public Adam OptimizerD { get; }

    /// <summary>The options this trainer was made with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Length of z.</summary>
    public int Latent { get; }

    /// <summary>Steps completed (restored from a checkpoint on resume).</summary>
    public long Step { get; private set; }

    /// <summary>Real batches consumed so far (more than <see cref="Step"/> when D takes several steps per G step).</summary>
    public long BatchesSeen { get; private set; }

    /// <summary>Every step's health figures, oldest first (restored from a checkpoint on resume).</summary>
    public IReadOnlyList<TrainingStep> History => _history;

    /// <summary>G(fixed noise) at each snapshot, oldest first (when <see cref="TrainerOptions.KeepSnapshots"/>).</summary>
    public IReadOnlyList<TrainingSnapshot> Snapshots => _snapshots;

    /// <summary>The fixed latent batch every snapshot renders (SnapshotCount, latent).</summary>
    public Tensor FixedNoise { get; }

    /// <summary>
    /// The sizes G and D were built from, saved with each checkpoint so that resuming and <see cref="Pretrained"/> rebuild
    /// them from the file alone. Set by <see cref="GanTrainer.Create(DcganSettings, TrainerOptions?, Device?)"/> and its
    /// siblings; set it yourself when you build the networks; read from the checkpoint on load when unset.
    /// </summary>
    public ModelSettings? ModelSettings { get; set; }

    /// <summary>Free-form facts saved with each checkpoint (the CLI stores the data set here).</summary>
    public Dictionary<string, string> Metadata { get; } = new();

    /// <summary>Step of the last checkpoint written or loaded, or null.</summary>
    public long? LastCheckpointStep { get; private set; }

    /// <summary>Raised after every step with its figures (a live chart or progress bar listens here).</summary>
    public event Action<TrainingStep>? StepCompleted;

    /// <summary>Raised after every snapshot.</summary>
    public event Action<TrainingSnapshot>? SnapshotTaken;

    /// <summary>Raised after a checkpoint is written, with its path.</summary>
    public event Action<string>? CheckpointSaved;

    /// <summary>The trainer's seeded noise (fixed noise, z, WGAN-GP's mixes): a CPU generator on every device, whose state checkpoints save.</summary>
    internal torch.Generator Noise { get; }

    internal List<TrainingStep> HistoryList => _history;

    /// <summary>
    /// Trains <paramref name="steps"/> more steps on <paramref name="data"/>, real batches (N, ...) in the range G
    /// produces. The data is enumerated again when it ends (epochs). It should yield the same sequence each time it
    /// is enumerated (a seeded loader): a resumed trainer skips the <see cref="BatchesSeen"/> batches already used.
    /// Returns the new steps' figures.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A loss or a gradient norm became NaN or infinite; the trainer is back at its last checkpoint when it wrote one.</exception>
    public IReadOnlyList<TrainingStep> Fit(IEnumerable<Tensor> data, long steps, CancellationToken cancel = default)
    {
        if (_diverged) throw new InvalidOperationException("This trainer's training diverged and its models hold the failed update's weights: make a new trainer, or load a checkpoint.");
        var batches = Batches(data);
        int first = _history.Count;
        G.train();
        D.train();
        if (Step == 0 && Options.SnapshotEvery > 0 && _snapshots.Count == 0) TakeSnapshot();
        for (long i = 0; i < steps; i++)
        {
            cancel.ThrowIfCancellationRequested();
            GanLab.Runtime.NotebookInterrupt.ThrowIfRequested();   // a kernel's interrupt stops between steps: weights and Step agree
            var record = TrainStep(batches);
            _history.Add(record);
            Step = record.Step;
            StepCompleted?.Invoke(record);
            if (Options.SnapshotEvery > 0 && Step % Options.SnapshotEvery == 0) TakeSnapshot();
            if (Options.CheckpointPath is { } path && Options.CheckpointEvery > 0 && Step % Options.CheckpointEvery == 0) SaveCheckpoint(path);
        }
        if (Options.CheckpointPath is { } last && LastCheckpointStep != Step) SaveCheckpoint(last);
        return _history.GetRange(first, _history.Count - first);
    }

    /// <summary>
    /// One step, as pytorch/examples runs it: D's update(s), then G's through D, each by <see cref="GanSteps"/>; then the
    /// step's figures, read from the device in one gather.
    /// </summary>
    TrainingStep TrainStep(IEnumerator<Tensor> batches)
    {
        var watch = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        bool frozen = Options.FreezeDiscriminatorAfter is long n && Step >= n;
        if (Options.LearningRateDecay is { } decay) SetLearningRates(decay.Factor(Step));

        // (1) D: DiscriminatorSteps updates, each on a fresh real batch and fresh fakes; a frozen D is only measured.
        var (real, fake) = RealAndFake(batches);
        var dStep = frozen ? MeasureD(real, fake) : UpdateD(real, fake);
        for (int k = 1; k < Options.DiscriminatorSteps && !frozen; k++)
        {
            (real, fake) = RealAndFake(batches);
            dStep = UpdateD(real, fake);
        }
        var gradNormD = frozen ? tensor(0f, device: _device) : GradientNorm(D);

        // (2) G: one update through the updated D, on the last fakes (still attached to G's graph).
        Tensor? dRealAfter = null;
        int every = Options.MeasureRealAfterUpdateEvery;
        if (Options.Loss.GeneratorUsesReal || every > 0 && (Step + 1) % every == 0)
            using (no_grad()) dRealAfter = D.forward(real);
        var gStep = GanSteps.UpdateG(D, OptimizerG, Options.Loss, fake, dRealAfter);
        var gradNormG = GradientNorm(G);
        if (GEma is not null) UpdateAverage(batchSize: _samples.Full(real).shape[0]);

        return Figures(dStep, gStep, dRealAfter, gradNormD, gradNormG, frozen, watch);
    }

    /// <summary>Draws the next real batch and a generated batch of the same size (G's graph kept, for G's update).</summary>
    (T Real, T Fake) RealAndFake(IEnumerator<Tensor> batches)
    {
        var real = NextBatch(batches);
        var z = SeededRandom.Randn(new long[] { real.shape[0], Latent }, Noise, _device);
        return (_samples.FromReal(real), G.forward(z));
    }

    /// <summary>D's update by <see cref="GanSteps.UpdateD"/>, with the loss's gradient penalty and the R1 penalty (if any) added to D's loss.</summary>
    (Tensor LossD, Tensor DReal, Tensor DFake) UpdateD(T real, T fake)
    {
        double weight = Options.Loss.GradientPenaltyWeight;
        using var lambda = weight.ToScalar();                  // one Scalar per call, alive until UpdateD returns
        var penalty = weight > 0 ? lambda * GradientPenalty(real, fake) : null;
        if (Options.R1Gamma > 0)
        {
            using var halfGamma = (Options.R1Gamma / 2).ToScalar();   // made only when R1 is on; alive until the product is made
            var r1 = halfGamma * R1Penalty(real);
            penalty = penalty is null ? r1 : Plus(penalty, r1);
        }
        return GanSteps.UpdateD(D, OptimizerD, Options.Loss, real, _samples.Detach(fake), penalty);
    }

    /// <summary>A frozen D's outputs and loss on both batches, without an update.</summary>
    (Tensor LossD, Tensor DReal, Tensor DFake) MeasureD(T real, T fake)
    {
        using var _ = no_grad();
        var dReal = D.forward(real);
        var dFake = D.forward(fake);
        return (Options.Loss.DiscriminatorLoss(dReal, dFake), dReal, dFake);
    }

    /// <summary>
    /// The step's figures, gathered from the device in one copy (the only wait on the device in a step), checked for
    /// NaN and infinity, and named.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A loss or a gradient norm is NaN or infinite.</exception>
    TrainingStep Figures((Tensor LossD, Tensor DReal, Tensor DFake) dStep, (Tensor LossG, Tensor DFake) gStep, Tensor? dRealAfter,
        Tensor gradNormD, Tensor gradNormG, bool frozen, Stopwatch watch)
    {
        var loss = Options.Loss;
        float[] v;
        using (no_grad())
        {
            var notMeasured = tensor(float.NaN, device: _device);
            v = stack(new[]
            {
                dStep.LossD, gStep.LossG, loss.Score(dStep.DReal).mean(), loss.Score(dStep.DFake).mean(),
                dRealAfter is null ? notMeasured : loss.Score(dRealAfter).mean(), loss.Score(gStep.DFake).mean(), gradNormD, gradNormG,
            }).cpu().data<float>().ToArray();
        }
        var step = new TrainingStep
        {
            Step = Step + 1,
            LossD = v[0], LossG = v[1], DReal = v[2], DFake = v[3], DRealAfter = v[4], DFakeAfter = v[5], GradNormD = v[6], GradNormG = v[7],
            Seconds = watch.Elapsed.TotalSeconds,
            DFrozen = frozen,
        };
        if (!float.IsFinite(step.LossD)) Diverged("D loss", step.LossD);
        if (!float.IsFinite(step.LossG)) Diverged("G loss", step.LossG);
        if (!float.IsFinite(step.GradNormD)) Diverged("norm of D's gradient", step.GradNormD);
        if (!float.IsFinite(step.GradNormG)) Diverged("norm of G's gradient", step.GradNormG);
        return step;
    }

    /// <summary>Both optimisers' learning rates set to <paramref name="factor"/> times the options' (the decay's schedule).</summary>
    void SetLearningRates(double factor)
    {
        foreach (var group in OptimizerG.ParamGroups) group.LearningRate = factor * Options.LearningRateG;
        foreach (var group in OptimizerD.ParamGroups) group.LearningRate = factor * Options.LearningRateD;
    }

    /// <summary>
    /// After G's update, the average of G moves toward G: ema ← lerp(ema, w, 1 − β) for every parameter (one lerp each),
    /// with β from <see cref="TrainerOptions.Ema"/> for the images G has been trained on; buffers (batch-norm statistics) are copied.
    /// </summary>
    void UpdateAverage(long batchSize)
    {
        double beta = Options.Ema!.Beta(imagesSeen: Step * batchSize, batchSize);
        using var _ = no_grad();
        using var oneMinusBeta = tensor(1 - beta);   // the 0-d float64 tensor lerp_(weight, 1 - beta) made per parameter, made once
        foreach (var (average, weight) in GEma!.parameters().Zip(G.parameters())) average.lerp_(weight, oneMinusBeta);
        foreach (var (average, buffer) in GEma.buffers().Zip(G.buffers())) average.copy_(buffer);
    }

    /// <summary>WGAN-GP's penalty: mean over samples (and over scales, for MSG-GAN) of (‖∇D(x̂)‖₂ − 1)² at random mixes x̂ of real and fake.</summary>
    Tensor GradientPenalty(T real, T fake)
    {
        var alpha = SeededRandom.Rand(new[] { _samples.Full(real).shape[0] }, Noise, _device);
        var gradients = InputGradients(_samples.Interpolate(real, fake, alpha));
        // per sample: the L2 norm of its gradient (PyTorch: gradients.view(n, -1).norm(2, dim=1))
        return stack(gradients.Select(g => (g.flatten(1).norm(dim: 1, p: 2) - One).pow(Two).mean()).ToArray()).mean();
    }

    /// <summary>
    /// R1's penalty without its weight: mean over real samples (and over scales, for MSG-GAN) of ‖∇ₓD(x)‖², the gradient
    /// taken at the real batch itself (a copy that requires grad; D's own pass on the batch stays as it was).
    /// </summary>
    Tensor R1Penalty(T real)
    {
        var x = _samples.Detach(real);
        foreach (var part in _samples.Parts(x)) part.requires_grad_(true);
        return stack(InputGradients(x).Select(g => g.pow(Two).flatten(1).sum(1).mean()).ToArray()).mean();
    }

    /// <summary>∇ₓD(x) for each part of <paramref name="x"/> (each scale, for MSG-GAN; the parts require grad), kept in the graph so a penalty on it trains D.</summary>
    IList<Tensor> InputGradients(T x)
    {
        var output = D.forward(x);
        return torch.autograd.grad(new[] { output }, _samples.Parts(x), new[] { ones_like(output) }, retain_graph: true, create_graph: true);
    }

    /// <summary>The L2 norm of all <paramref name="module"/>'s gradients together (0 when it has none).</summary>
    Tensor GradientNorm(nn.Module module)
    {
        var norms = module.parameters().Select(p => p.grad).Where(g => g is not null).Select(g => g!.norm()).ToArray();
        return norms.Length == 0 ? tensor(0f, device: _device) : stack(norms).norm();
    }

    /// <summary>
    /// Stops training on a non-finite figure. The update already happened (the figures are read once, after the step), so
    /// when a checkpoint was written the trainer goes back to it; otherwise the models hold the failed update's weights.
    /// </summary>
    void Diverged(string what, float value)
    {
        long failed = Step + 1;
        string kept;
        if (_lastCheckpoint is { } path && LastCheckpointStep is long s && File.Exists(path))
        {
            LoadCheckpoint(path);
            kept = $"The last good checkpoint (step {s}) is kept at {path}; G, D and both optimisers are back at it, so Fit continues from step {s}.";
        }
        else
        {
            _diverged = true;
            kept = "No checkpoint was written (set CheckpointPath to keep one), so G and D hold the failed update's weights: make a new trainer.";
        }
        throw new TrainingDivergedException(failed,
            $"Training diverged at step {failed}: the {what} is {value}. {kept} Try a lower learning rate, another loss, or check the data for NaN values.");
    }

    Tensor NextBatch(IEnumerator<Tensor> batches)
    {
        batches.MoveNext();
        BatchesSeen++;
        return batches.Current.to(_device);
    }

    /// <summary>The data as an endless stream, positioned after the batches already seen.</summary>
    IEnumerator<Tensor> Batches(IEnumerable<Tensor> data)
    {
        if (ReferenceEquals(data, _data) && _batches is not null) return _batches;
        _batches?.Dispose();
        (_data, _batches) = (data, Cycle(data).GetEnumerator());
        using var scope = NewDisposeScope();
        for (long i = 0; i < BatchesSeen; i++) _batches.MoveNext();
        return _batches;
    }

    static IEnumerable<Tensor> Cycle(IEnumerable<Tensor> data)
    {
        while (true)
        {
            bool any = false;
            foreach (var batch in data)
            {
                any = true;
                yield return batch;
            }
            if (!any) throw new ArgumentException("The training data yielded no batches.", nameof(data));
        }
    }

    /// <summary>
    /// Renders the fixed noise now, records it and raises <see cref="SnapshotTaken"/>: from <see cref="GEma"/> (in eval mode)
    /// when there is one, else from G in training mode, as pytorch/examples does.
    /// </summary>
    public TrainingSnapshot TakeSnapshot()
    {
        using var scope = NewDisposeScope();
        Tensor samples;
        using (no_grad()) samples = _samples.Full((GEma ?? G).forward(FixedNoise)).detach().cpu().clone();
        var snapshot = new TrainingSnapshot(Step, samples.DetachFromDisposeScope());
        if (Options.KeepSnapshots) _snapshots.Add(snapshot);
        SnapshotTaken?.Invoke(snapshot);
        return snapshot;
    }

    /// <summary>
    /// Full-size samples for <paramref name="count"/> fresh latent vectors, without gradient and in eval mode: from
    /// <see cref="GEma"/> when there is one, from G with <paramref name="ema"/> false or without an average.
    /// </summary>
    public Tensor Sample(int count, bool ema = true)
    {
        var generator = ema && GEma is not null ? GEma : G;
        bool training = generator.training;
        generator.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var z = SeededRandom.Randn(new long[] { count, Latent }, Noise, _device);
            return _samples.Full(generator.forward(z)).detach().MoveToOuterDisposeScope();
        }
        finally { generator.train(training); }
    }

    /// <summary>Writes G, D, the average of G, both optimisers, the step, the history and the random state to <paramref name="path"/>, atomically.</summary>
    public void SaveCheckpoint(string path)
    {
        Checkpoint.Save(this, path);
        LastCheckpointStep = Step;
        _lastCheckpoint = path;
        CheckpointSaved?.Invoke(path);
    }

    /// <summary>Restores everything <see cref="SaveCheckpoint"/> wrote, so the next steps equal an uninterrupted run's.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, or does not fit these models (names the tensor and both shapes).</exception>
    public void LoadCheckpoint(string path)
    {
        var info = Checkpoint.Load(this, path);
        Step = info.Step;
        BatchesSeen = info.BatchesSeen;
        _history.Clear();
        _history.AddRange(info.History);
        foreach (var (key, value) in info.Metadata.Where(kv => kv.Key != Checkpoint.NetworksKey)) Metadata[key] = value;
        ModelSettings ??= info.Model;
        _batches?.Dispose();
        (_data, _batches) = (null, null);
        LastCheckpointStep = Step;
        _lastCheckpoint = path;
        _diverged = false;
    }

    /// <summary>Frees the optimisers, the noise generator, the fixed noise and the average of G (not G and D, which the caller made).</summary>
    public void Dispose()
    {
        _batches?.Dispose();
        GEma?.Dispose();
        OptimizerG.Dispose();
        OptimizerD.Dispose();
        Noise.Dispose();
        FixedNoise.Dispose();
        foreach (var s in _snapshots) s.Samples.Dispose();
    }
}
