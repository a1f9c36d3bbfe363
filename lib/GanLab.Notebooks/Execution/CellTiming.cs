namespace GanLab.Notebooks.Execution;

/// <summary>How long one code cell took (directives, compilation and execution).</summary>
public sealed record CellTiming(int Index, string Id, TimeSpan Duration);
