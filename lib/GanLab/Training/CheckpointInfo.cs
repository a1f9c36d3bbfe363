namespace GanLab.Training;

/// <summary>What a checkpoint says about itself: the step, the batches consumed, the loss, the metadata the trainer carried (model name, sizes) and the history.</summary>
/// <param name="Step">Steps completed when it was written.</param>
/// <param name="BatchesSeen">Real batches consumed by then.</param>
/// <param name="Loss">The loss's name.</param>
/// <param name="Metadata">The trainer's <c>Metadata</c> (the CLI stores model, data, size and widths).</param>
/// <param name="History">Every step's figures up to <paramref name="Step"/>.</param>
public sealed record CheckpointInfo(long Step, long BatchesSeen, string Loss, Dictionary<string, string> Metadata, List<TrainingStep> History);
