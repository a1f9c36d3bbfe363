using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// Turns what went wrong in a cell into an nbformat <c>error</c> output whose traceback names the cell (as the door
/// labels it: "cell 3 (id 1a2b3c4d)" in a notebook run, "cell [5]" in the kernel) and the line within it, quoted.
/// Cells are known by the file name Roslyn gives their code, so stack frames trace back to them.
/// </summary>
sealed class ErrorReport
{
    readonly Dictionary<string, (string Label, string[] Lines)> _cells = new(StringComparer.Ordinal);

    /// <summary>How the notebook runner labels a cell: "cell 3 (id 1a2b3c4d)", counting all cells from 1.</summary>
    public static string Label(int index, NotebookCell cell) => $"cell {index + 1} (id {cell.Id})";

    public void Register(string fileName, string label, string source) =>
        _cells[fileName] = (label, source.Replace("\r\n", "\n").Split('\n'));

    public string LabelOf(string fileName) => _cells[fileName].Label;

    public (CellOutput Output, string Summary) Compilation(string fileName, CompilationErrorException e)
    {
        var (label, lines) = _cells[fileName];
        var errors = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).DefaultIfEmpty(e.Diagnostics.First()).ToList();
        var traceback = new List<string>();
        foreach (var d in errors)
        {
            var position = d.Location.GetLineSpan().StartLinePosition;
            int line = position.Line + 1, column = position.Character + 1;
            traceback.Add($"Compilation error in {label}, line {line}, column {column}:");
            traceback.AddRange(Quote(lines, line, column));
            traceback.Add($"error {d.Id}: {d.GetMessage()}");
        }
        var first = errors[0].Location.GetLineSpan().StartLinePosition;
        string evalue = $"{label}, line {first.Line + 1}: error {errors[0].Id}: {errors[0].GetMessage()}";
        return (CellOutput.Error("CompilationError", evalue, traceback), evalue);
    }

    /// <summary>The kernel's own report of compile errors, a stderr stream: "(2,9): error CS0103: ...".</summary>
    public static string KernelDiagnostics(CompilationErrorException e) =>
        string.Join("\n", e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d =>
        {
            var p = d.Location.GetLineSpan().StartLinePosition;
            return $"({p.Line + 1},{p.Character + 1}): error {d.Id}: {d.GetMessage()}";
        })) + "\n";

    public (CellOutput Output, string Summary) Exception(string fileName, Exception exception)
    {
        var e = Unwrap(exception);
        string ename = e.GetType().FullName ?? e.GetType().Name;
        var traceback = new List<string> { $"{ename}: {e.Message}" };
        string where = Where(fileName, e, traceback);
        traceback.Add("");
        traceback.AddRange(e.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Skip(1)
            .Where(l => !l.TrimStart().StartsWith("at Microsoft.CodeAnalysis.", StringComparison.Ordinal)
                     && !l.TrimStart().StartsWith("at GanLab.Notebooks.", StringComparison.Ordinal)
                     && !l.TrimStart().StartsWith("--- End of stack trace", StringComparison.Ordinal)));
        return (CellOutput.Error(ename, e.Message, traceback), $"{where}: {ename}: {e.Message}");
    }

    /// <summary>
    /// A cell stopped from outside (an interrupt, a time limit): ename <paramref name="ename"/>, the line it had
    /// reached (from the exception the stop raised in it, when there is one) and what that means.
    /// </summary>
    public (CellOutput Output, string Summary) Stopped(string fileName, string ename, string why, Exception? raised, string? remedy = null)
    {
        string label = _cells[fileName].Label;
        var traceback = new List<string> { $"{ename}: {label} {why}" };
        string where = label;
        if (raised is not null)
        {
            var e = Unwrap(raised);
            where = Where(fileName, e, traceback);
            traceback.Add($"(it stopped with {e.GetType().FullName}: {e.Message})");
        }
        if (remedy is not null) traceback.Add(remedy);
        string message = $"{label} {why}";
        return (CellOutput.Error(ename, message, traceback), where == label ? message : $"{where}: {why}");
    }

    /// <summary>Adds "in cell X, line N:" and the quoted line of the innermost frame in a cell; returns "cell X, line N".</summary>
    string Where(string fileName, Exception e, List<string> traceback)
    {
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            if (frame.GetFileName() is not { } file || !_cells.TryGetValue(Path.GetFileName(file), out var cell)) continue;
            int line = frame.GetFileLineNumber();
            string where = $"{cell.Label}, line {line}";
            traceback.Add($"in {where}:");
            traceback.AddRange(Quote(cell.Lines, line, frame.GetFileColumnNumber()));
            return where;
        }
        return _cells[fileName].Label;
    }

    public (CellOutput Output, string Summary) Directive(string fileName, DirectiveException e)
    {
        var (label, lines) = _cells[fileName];
        var traceback = new List<string> { $"Directive error in {label}, line {e.Line}:" };
        traceback.AddRange(Quote(lines, e.Line, 0));
        traceback.Add(e.Message);
        return (CellOutput.Error("DirectiveError", e.Message, traceback), $"{label}, line {e.Line}: {e.Message}");
    }

    /// <summary>An error about a cell that did not run (another language, a session still busy).</summary>
    public static (CellOutput Output, string Summary) NotRun(string label, string ename, string why)
    {
        string message = $"{label} {why}";
        return (CellOutput.Error(ename, message, new[] { message }), message);
    }

    static Exception Unwrap(Exception e)
    {
        while (true)
        {
            if (e is TargetInvocationException { InnerException: { } inner }) e = inner;
            else if (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
            else return e;
        }
    }

    /// <summary>The line, numbered, with a caret under the column (when known).</summary>
    static IEnumerable<string> Quote(string[] lines, int line, int column)
    {
        if (line < 1 || line > lines.Length) yield break;
        string prefix = $"  {line} | ";
        yield return prefix + lines[line - 1];
        if (column > 0) yield return new string(' ', prefix.Length - 2) + "| " + new string(' ', column - 1) + "^";
    }
}
