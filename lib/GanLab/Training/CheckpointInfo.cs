using GanLab.Models;

namespace GanLab.Training;

/// <summary>
/// What a checkpoint says about itself: the step, the batches consumed, the loss, the model's settings, the trainer's
/// options, free-form metadata (the CLI stores the data set there) and the history.
/// </summary>
/// <param name="Step">Steps completed when it was written.</param>
/// <param name="BatchesSeen">Real batches consumed by then.</param>
/// <param name="Loss">The loss's name.</param>
/// <param name="Metadata">The trainer's <c>Metadata</c>.</param>
/// <param name="History">Every step's figures up to <paramref name="Step"/>.</param>
/// <param name="Model">The sizes the networks were built from (null when the trainer was not told them); files written
/// before the typed settings record them in <paramref name="Metadata"/>, and are read back into this record.</param>
/// <param name="Options">The trainer's options (not the checkpoint path), so a run can resume with the same ones; null in older files.</param>
public sealed record CheckpointInfo(long Step, long BatchesSeen, string Loss, Dictionary<string, string> Metadata, List<TrainingStep> History,
    ModelSettings? Model = null, TrainerOptions? Options = null);
