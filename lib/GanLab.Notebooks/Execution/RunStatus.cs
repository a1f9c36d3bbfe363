namespace GanLab.Notebooks.Execution;

/// <summary>How a notebook run ended.</summary>
public enum RunStatus
{
    /// <summary>Every cell ran without error.</summary>
    Completed,
    /// <summary>A cell failed; the run stopped there, or went on (allow errors) and ended with errors.</summary>
    Failed,
    /// <summary>A cell ran past the time limit; the run stopped there.</summary>
    TimedOut,
    /// <summary>The run was cancelled (Ctrl+C) while a cell ran.</summary>
    Interrupted,
}
