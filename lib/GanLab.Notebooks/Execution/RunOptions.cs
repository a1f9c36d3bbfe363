namespace GanLab.Notebooks.Execution;

/// <summary>How to run a notebook: parameters (papermill's convention), smoke mode, errors and time limits.</summary>
public sealed record RunOptions
{
    /// <summary><c>-p Name=Value</c> pairs, injected after the cell tagged <c>parameters</c> (later ones win).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>Skip a <c>-p</c> name the notebook does not declare instead of failing (a folder run: each notebook takes the knobs it has).</summary>
    public bool SkipUndeclaredParameters { get; init; }
    /// <summary>Inject the notebook's smoke values (the <c>// smoke: value</c> comments of its parameters cell).</summary>
    public bool Smoke { get; init; }
    /// <summary>Go on after a cell fails (the run still counts as failed).</summary>
    public bool AllowErrors { get; init; }
    /// <summary>The most one cell may take; null for no limit.</summary>
    public TimeSpan? CellTimeout { get; init; }
    /// <summary>Where progress lines go (one per cell); null for none.</summary>
    public TextWriter? Log { get; init; }
}
