using System.Diagnostics;
using GanLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// Trains any G/D pair with one loop (pytorch/examples' DCGAN loop): each step updates D on a real and a
/// generated batch, then G through D. It records the numbers that tell a GAN's health (<see cref="History"/>),
/// renders a fixed noise batch at chosen intervals (<see cref="Snapshots"/>), raises events for live displays,
/// writes checkpoints atomically, resumes exactly, and stops with a clear message when a loss is NaN or infinite.
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
        if (Options.DiscriminatorSteps < 1) throw new ArgumentException($"DiscriminatorSteps must be at least 1, got {Options.DiscriminatorSteps}.", nameof(options));
        _device = generator.parameters().First().device;
        Noise = new torch.Generator((ulong)Options.Seed, _device);
        FixedNoise = randn(new long[] { Options.SnapshotCount, Latent }, device: _device, generator: Noise).DetachFromDisposeScope();
        OptimizerG = optim.Adam(G.parameters(), Options.LearningRateG, Options.Beta1, Options.Beta2);
        OptimizerD = optim.Adam(D.parameters(), Options.LearningRateD, Options.Beta1, Options.Beta2);
    }

    /// <summary>The generator.</summary>
    public nn.Module<Tensor, T> G { get; }

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

    /// <summary>Free-form facts saved with each checkpoint (the CLI stores the model name and sizes here).</summary>
    public Dictionary<string, string> Metadata { get; } = new();

    /// <summary>Step of the last checkpoint written or loaded, or null.</summary>
    public long? LastCheckpointStep { get; private set; }

    /// <summary>Raised after every step with its figures (a live chart or progress bar listens here).</summary>
    public event Action<TrainingStep>? StepCompleted;

    /// <summary>Raised after every snapshot.</summary>
    public event Action<TrainingSnapshot>? SnapshotTaken;

    /// <summary>Raised after a checkpoint is written, with its path.</summary>
    public event Action<string>? CheckpointSaved;

    internal torch.Generator Noise { get; }

    internal List<TrainingStep> HistoryList => _history;

    /// <summary>
    /// Trains <paramref name="steps"/> more steps on <paramref name="data"/>, real batches (N, ...) in the range G
    /// produces. The data is enumerated again when it ends (epochs). It should yield the same sequence each time it
    /// is enumerated (a seeded loader): a resumed trainer skips the <see cref="BatchesSeen"/> batches already used.
    /// Returns the new steps' figures.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A loss became NaN or infinite; the models keep the previous step's weights.</exception>
    public IReadOnlyList<TrainingStep> Fit(IEnumerable<Tensor> data, long steps, CancellationToken cancel = default)
    {
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

    /// <summary>One step: D update(s) then G update. The figures are gathered in one tensor so the step waits on the device once.</summary>
    TrainingStep TrainStep(IEnumerator<Tensor> batches)
    {
        var watch = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var loss = Options.Loss;
        bool frozen = Options.FreezeDiscriminatorAfter is long n && Step >= n;
        T real = default!, fake = default!;
        Tensor errD = null!, outputReal = null!, outputFake = null!, gradNormD = zeros(1, device: _device);

        for (int k = 0; k < (frozen ? 1 : Options.DiscriminatorSteps); k++)
        {
            real = _samples.FromReal(NextBatch(batches));
            var z = randn(new long[] { _samples.Full(real).shape[0], Latent }, device: _device, generator: Noise);
            fake = G.forward(z);
            if (frozen)
            {
                // D is frozen: measure it, do not update it.
                using var _ = no_grad();
                outputReal = D.forward(real);
                outputFake = D.forward(_samples.Detach(fake));
                errD = loss.DiscriminatorLoss(outputReal, outputFake);
                break;
            }
            // (1) Update D network: the loss's D objective, e.g. maximize log(D(x)) + log(1 - D(G(z)))
            OptimizerD.zero_grad();
            outputReal = D.forward(real);
            outputFake = D.forward(_samples.Detach(fake));
            errD = loss.DiscriminatorLoss(outputReal, outputFake);
            if (loss.GradientPenaltyWeight > 0) errD = errD + loss.GradientPenaltyWeight * GradientPenalty(real, fake);
            StopIfNotFinite(errD, "D loss");
            errD.backward();
            gradNormD = GradientNorm(D);
            OptimizerD.step();
        }

        // (2) Update G network: the loss's G objective, e.g. maximize log(D(G(z)))
        Tensor? outputRealAfter = null;
        if (Options.MeasureRealAfterUpdate || loss.GeneratorUsesReal)
            using (no_grad()) outputRealAfter = D.forward(real);
        OptimizerG.zero_grad();
        var outputFakeAfter = D.forward(fake);
        var errG = loss.GeneratorLoss(outputFakeAfter, outputRealAfter ?? outputReal.detach());
        StopIfNotFinite(errG, "G loss");
        errG.backward();
        var gradNormG = GradientNorm(G);
        OptimizerG.step();

        float[] f;
        using (no_grad())
        {
            var nan = full(1, float.NaN, device: _device);
            f = cat(new[]
            {
                errD.view(1), errG.view(1), loss.Score(outputReal).mean().view(1), loss.Score(outputFake).mean().view(1),
                outputRealAfter is null ? nan : loss.Score(outputRealAfter).mean().view(1), loss.Score(outputFakeAfter).mean().view(1),
                gradNormD.view(1), gradNormG.view(1),
            }).cpu().data<float>().ToArray();
        }
        return new TrainingStep(Step + 1, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], watch.Elapsed.TotalSeconds, frozen);
    }

    /// <summary>WGAN-GP's penalty: mean over samples (and over scales, for MSG-GAN) of (‖∇D(x̂)‖ − 1)² at random mixes x̂ of real and fake.</summary>
    Tensor GradientPenalty(T real, T fake)
    {
        var alpha = rand(new[] { _samples.Full(real).shape[0] }, device: _device, generator: Noise);
        var mixed = _samples.Interpolate(real, fake, alpha);
        var output = D.forward(mixed);
        var parts = _samples.Parts(mixed);
        var gradients = torch.autograd.grad(new[] { output }, parts, new[] { ones_like(output) }, retain_graph: true, create_graph: true);
        return stack(gradients.Select(g => (g.flatten(1).norm(1) - 1).pow(2).mean()).ToArray()).mean();
    }

    Tensor GradientNorm(nn.Module module)
    {
        var norms = module.parameters().Select(p => p.grad).Where(g => g is not null).Select(g => g!.norm()).ToArray();
        return norms.Length == 0 ? zeros(1, device: _device) : stack(norms).norm();
    }

    void StopIfNotFinite(Tensor loss, string what)
    {
        float value = loss.item<float>();
        if (float.IsFinite(value)) return;
        string kept = LastCheckpointStep is long s && Options.CheckpointPath is { } path
            ? $"The last good checkpoint (step {s}) is kept at {path}."
            : "No checkpoint was written (set CheckpointPath to keep one).";
        throw new TrainingDivergedException(Step + 1,
            $"Training diverged at step {Step + 1}: the {what} is {value}. Training stopped before that update, so G and D still hold " +
            $"step {Step}'s weights. {kept} Try a lower learning rate, another loss, or check the data for NaN values.");
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

    /// <summary>Renders the fixed noise now (G in training mode, as pytorch/examples does), records it and raises <see cref="SnapshotTaken"/>.</summary>
    public TrainingSnapshot TakeSnapshot()
    {
        using var scope = NewDisposeScope();
        Tensor samples;
        using (no_grad()) samples = _samples.Full(G.forward(FixedNoise)).detach().cpu().clone();
        var snapshot = new TrainingSnapshot(Step, samples.DetachFromDisposeScope());
        if (Options.KeepSnapshots) _snapshots.Add(snapshot);
        SnapshotTaken?.Invoke(snapshot);
        return snapshot;
    }

    /// <summary>G's full-size samples for <paramref name="count"/> fresh latent vectors (no gradient; G in eval mode, then back).</summary>
    public Tensor Sample(int count)
    {
        bool training = G.training;
        G.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var z = randn(new long[] { count, Latent }, device: _device, generator: Noise);
            return _samples.Full(G.forward(z)).detach().MoveToOuterDisposeScope();
        }
        finally { G.train(training); }
    }

    /// <summary>Writes G, D, both optimisers, the step, the history and the random state to <paramref name="path"/>, atomically.</summary>
    public void SaveCheckpoint(string path)
    {
        Checkpoint.Save(this, path);
        LastCheckpointStep = Step;
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
        foreach (var (key, value) in info.Metadata) Metadata[key] = value;
        _batches?.Dispose();
        (_data, _batches) = (null, null);
        LastCheckpointStep = Step;
    }

    /// <summary>Frees the optimisers, the noise generator and the fixed noise (not the models).</summary>
    public void Dispose()
    {
        _batches?.Dispose();
        OptimizerG.Dispose();
        OptimizerD.Dispose();
        Noise.Dispose();
        FixedNoise.Dispose();
        foreach (var s in _snapshots) s.Samples.Dispose();
    }
}
