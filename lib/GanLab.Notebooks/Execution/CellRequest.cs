namespace GanLab.Notebooks.Execution;

/// <summary>
/// One cell to run: its source, how errors name it (<paramref name="Label"/>: "cell 3 (id 1a2b3c4d)" in a notebook run,
/// "cell [5]" in the kernel) and the execution count its result carries.
/// </summary>
public sealed record CellRequest(string Source, string Label, int ExecutionCount);
