using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Cli.Ablation;

/// <summary>An <see cref="IAblationRun"/> over a <see cref="GanTrainer{T}"/>; <c>full</c> picks the full-size images from G's output.</summary>
public sealed class AblationRun<T>(GanTrainer<T> trainer, Func<T, Tensor> full) : IAblationRun
{
    /// <inheritdoc/>
    public long Step => trainer.Step;

    /// <inheritdoc/>
    public event Action<TrainingStep>? StepCompleted
    {
        add => trainer.StepCompleted += value;
        remove => trainer.StepCompleted -= value;
    }

    /// <inheritdoc/>
    public void Fit(IEnumerable<Tensor> data, long steps) => trainer.Fit(data, steps);

    /// <inheritdoc/>
    public bool HasAverage => trainer.GEma is not null;

    /// <inheritdoc/>
    public Tensor Images(Tensor z, bool average)
    {
        var g = average ? trainer.GEma ?? throw new InvalidOperationException("This run keeps no average of G.") : trainer.G;
        bool training = g.training;
        g.eval();
        try
        {
            using var _ = no_grad();
            var parts = new List<Tensor>();
            for (int i = 0; i < z.shape[0]; i += 500)
            {
                using var scope = NewDisposeScope();
                parts.Add(full(g.forward(z[i..(int)Math.Min(i + 500, z.shape[0])])).cpu().MoveToOuterDisposeScope());
            }
            var images = cat(parts, 0);
            foreach (var p in parts) p.Dispose();
            return images;
        }
        finally { g.train(training); }
    }

    /// <summary>Frees the trainer (with G's average), G and D.</summary>
    public void Dispose()
    {
        trainer.Dispose();
        trainer.G.Dispose();
        trainer.D.Dispose();
    }
}
