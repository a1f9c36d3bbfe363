using System.Net;
using GanLab.Training;

namespace GanLab.Display;

/// <summary>
/// A live view of a GAN's training: the latest fixed-noise grid beside the loss and D(x) / D(G(z)) curves.
/// Display it once and update it from the trainer's events; each format reads the trainer's state anew:
/// <code>
/// var view = new TrainingView(trainer, "DCGAN on faces");
/// var live = display(view);
/// trainer.SnapshotTaken += _ => live.Update(view);
/// </code>
/// A headless run (ganlab run) keeps the final state.
/// </summary>
[TypeFormatterSource(typeof(GanLabFormatterSource))]
public sealed class TrainingView
{
    readonly Func<IReadOnlyList<TrainingStep>> _history;
    readonly Func<TrainingSnapshot?> _latest;

    /// <summary>A view of <paramref name="trainer"/> (any sample type: images or MSG-GAN scales).</summary>
    public TrainingView(GanTrainer<TorchSharp.torch.Tensor> trainer, string title, (float Min, float Max)? range = null)
        : this(() => trainer.History, () => trainer.Snapshots.Count > 0 ? trainer.Snapshots[^1] : null, title, range) { }

    /// <summary>A view of an MSG-GAN trainer.</summary>
    public TrainingView(GanTrainer<TorchSharp.torch.Tensor[]> trainer, string title, (float Min, float Max)? range = null)
        : this(() => trainer.History, () => trainer.Snapshots.Count > 0 ? trainer.Snapshots[^1] : null, title, range) { }

    TrainingView(Func<IReadOnlyList<TrainingStep>> history, Func<TrainingSnapshot?> latest, string title, (float Min, float Max)? range)
    {
        (_history, _latest, Title, Range) = (history, latest, title, range ?? Imaging.ImageTensor.MinusOneOne);
    }

    /// <summary>What is being trained.</summary>
    public string Title { get; }

    /// <summary>The value range of G's images.</summary>
    public (float Min, float Max) Range { get; }

    /// <summary>The current state as HTML: grid (if images), losses, D's scores.</summary>
    public string ToHtml(bool includePlotlyJs)
    {
        var history = _history();
        var snapshot = _latest();
        string grid = snapshot is not null && snapshot.Samples.dim() == 4
            ? new ImageGridView(snapshot.Samples, $"{Title}: G(fixed noise) after {snapshot.Step} steps", range: Range).ToHtml()
            : "";
        return $"<div class=\"ganlab-training\"><div style=\"font-weight:bold\">{WebUtility.HtmlEncode(ToString())}</div>{grid}" +
               Plots.Losses(history, Title).ToHtml(includePlotlyJs) + Plots.DiscriminatorScores(history, Title).ToHtml(false) + "</div>";
    }

    /// <summary>One line: steps done and the last losses.</summary>
    public override string ToString()
    {
        var history = _history();
        if (history.Count == 0) return $"{Title}: not started";
        var last = history[^1];
        return $"{Title}: step {last.Step}, loss D {last.LossD:F3}, loss G {last.LossG:F3}, D(x) {last.DReal:F2}, D(G(z)) {last.DFake:F2}";
    }
}
