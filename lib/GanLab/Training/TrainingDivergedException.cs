namespace GanLab.Training;

/// <summary>Thrown when a loss becomes NaN or infinite: training stops before the bad update, so the models keep the last good step's weights.</summary>
public sealed class TrainingDivergedException(long step, string message) : Exception(message)
{
    /// <summary>The step that diverged (1-based: the step that would have completed).</summary>
    public long Step { get; } = step;
}
