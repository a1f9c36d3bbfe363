using GanLab.Training;
using static TorchSharp.torch;

namespace GanLab.Cli.Ablation;

/// <summary>One training run of an ablation arm, whatever G returns: train it, and draw full-size images from G or its average.</summary>
public interface IAblationRun : IDisposable
{
    /// <summary>G steps taken.</summary>
    long Step { get; }

    /// <summary>Raised after every step (the trainer's <see cref="GanTrainer{T}.StepCompleted"/>).</summary>
    event Action<TrainingStep>? StepCompleted;

    /// <summary>Trains on <paramref name="data"/> for <paramref name="steps"/> more G steps.</summary>
    void Fit(IEnumerable<Tensor> data, long steps);

    /// <summary>Whether the trainer keeps an average of G (<see cref="GanTrainer{T}.GEma"/>).</summary>
    bool HasAverage { get; }

    /// <summary>Full-size images (on the CPU) for latents <paramref name="z"/>, from G's average or, with <paramref name="average"/> false, from G; no gradient, eval mode, in chunks of 500.</summary>
    Tensor Images(Tensor z, bool average);
}
