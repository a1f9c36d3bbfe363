namespace GanLab.Notebooks.Execution;

/// <summary>
/// How a cell ended: <see cref="RunStatus.Completed"/>, or the status of its error with a one-line summary (cell,
/// line, message) and the error output it produced.
/// </summary>
public sealed record CellResult(RunStatus Status, string? Summary = null, CellOutput? Error = null)
{
    /// <summary>The cell ran to its end.</summary>
    public static CellResult Completed { get; } = new(RunStatus.Completed);
}
