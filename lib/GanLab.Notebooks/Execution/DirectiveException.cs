namespace GanLab.Notebooks.Execution;

/// <summary>A directive that cannot be satisfied (an unknown package, a missing DLL), with its 1-based line in the cell.</summary>
sealed class DirectiveException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
