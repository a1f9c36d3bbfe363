namespace GanLab.Notebooks.Execution;

/// <summary>Completions for the text from <see cref="Start"/> to <see cref="End"/> (UTF-16 offsets in the code asked about), best first.</summary>
public sealed record CompletionList(IReadOnlyList<Completion> Items, int Start, int End);
