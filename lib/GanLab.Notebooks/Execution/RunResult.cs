namespace GanLab.Notebooks.Execution;

/// <summary>What running a notebook gave: the executed notebook (outputs up to where it stopped), how it ended, timings.</summary>
public sealed class RunResult
{
    /// <summary>The executed notebook: outputs filled in, parameters injected.</summary>
    public required Notebook Notebook { get; init; }
    /// <summary>How the run ended.</summary>
    public required RunStatus Status { get; init; }
    /// <summary>Indexes (0-based, among all cells) of the cells that ended with an error output.</summary>
    public required IReadOnlyList<int> ErrorCells { get; init; }
    /// <summary>Each executed code cell's time, in order.</summary>
    public required IReadOnlyList<CellTiming> Timings { get; init; }
    /// <summary>The whole run's time.</summary>
    public required TimeSpan Duration { get; init; }
    /// <summary>The first error's one-line summary (cell, line, message), or null.</summary>
    public string? FirstError { get; init; }
}
