using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GanLab.Notebooks.Display;
using Microsoft.CodeAnalysis.Scripting;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// Runs a .NET Interactive C# notebook headless, as the kernel would: code cells in order in one Roslyn session
/// (state carries over), the notebook's folder as working directory, markdown skipped, directives honoured, console
/// output as streams, trailing values as execute_result, <c>display(x)</c> as display_data. Errors become error
/// outputs naming the cell and line; the run stops there unless errors are allowed.
/// </summary>
/// <example><code>
/// var notebook = Notebook.Load("notebooks/03-dcgan.ipynb");
/// var result = NotebookRunner.Run(notebook, "notebooks/03-dcgan.ipynb", new RunOptions { Smoke = true });
/// result.Notebook.Save("out/03-dcgan.ipynb");
/// </code></example>
public static class NotebookRunner
{
    static readonly object OneAtATime = new();

    /// <summary>The AppContext entry that names the running notebook session (read by GanLab's <c>PlotlyJs.ClaimForSession</c>).</summary>
    public const string NotebookSessionSwitch = "GanLab.NotebookSession";

    /// <summary>
    /// Runs <paramref name="notebook"/> (changed in place: parameters injected, outputs replaced) from the folder of
    /// <paramref name="path"/>. Cancelling stops at the running cell, which gets an error output; so does a timeout.
    /// </summary>
    /// <exception cref="ArgumentException">Not a C# notebook, or parameters that do not fit.</exception>
    public static RunResult Run(Notebook notebook, string path, RunOptions options, CancellationToken cancel = default)
    {
        if (!notebook.IsDotNet)
            throw new ArgumentException($"{path} is not a .NET Interactive notebook (kernelspec '{notebook.KernelspecName ?? "none"}'; expected '.net-csharp').");
        var injected = ParameterInjector.Inject(notebook, options.Parameters, options.Smoke, options.SkipUndeclaredParameters);
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            cell.Metadata.Remove("execution");
        }

        lock (OneAtATime) // the console and the working directory are the process's
        {
            var watch = Stopwatch.StartNew();
            var sink = new OutputSink();
            var session = new ScriptSession(sink);
            using var thread = new CellThread($"notebook {Path.GetFileName(path)}");
            var errors = new ErrorReport();
            var errorCells = new List<int>();
            var timings = new List<CellTiming>();
            string? firstError = null;
            var status = RunStatus.Completed;
            var (stdout, stderr, cwd) = (Console.Out, Console.Error, Environment.CurrentDirectory);
            string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            int executionCount = 0, codeCells = notebook.Cells.Count(c => c.IsCode), codeIndex = 0;
            try
            {
                Environment.CurrentDirectory = folder;
                // GanLab's charts carry plotly.js in the first chart of a session; each notebook run is one.
                AppContext.SetData(NotebookSessionSwitch, $"{Path.GetFullPath(path)}#{Guid.NewGuid():N}");
                Console.SetOut(sink.Writer("stdout"));
                Console.SetError(sink.Writer("stderr"));
                for (int i = 0; i < notebook.Cells.Count; i++)
                {
                    var cell = notebook.Cells[i];
                    if (!cell.IsCode) continue;
                    codeIndex++;
                    cell.ExecutionCount = ++executionCount;
                    var started = DateTime.UtcNow;
                    var cellWatch = Stopwatch.StartNew();
                    sink.Begin(cell.Outputs);
                    var outcome = RunCell(notebook, i, thread, session, sink, errors, options, cancel);
                    sink.End();
                    timings.Add(new CellTiming(i, cell.Id, cellWatch.Elapsed));
                    cell.Metadata["execution"] = new JsonObject
                    {
                        ["iopub.execute_input"] = Timestamp(started),
                        ["shell.execute_reply"] = Timestamp(started + cellWatch.Elapsed),
                    };
                    options.Log?.WriteLine($"  [{codeIndex}/{codeCells}] {ErrorReport.Label(i, cell)} {cellWatch.Elapsed.TotalSeconds:F2} s{(outcome.Status == RunStatus.Completed ? "" : "  " + outcome.Summary)}");
                    if (outcome.Status == RunStatus.Completed) continue;
                    errorCells.Add(i);
                    firstError ??= outcome.Summary;
                    status = outcome.Status;
                    if (outcome.Status != RunStatus.Failed || !options.AllowErrors) break;
                }
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
                Environment.CurrentDirectory = cwd;
            }
            notebook.Metadata["ganlab"] = new JsonObject
            {
                ["status"] = status.ToString().ToLowerInvariant(),
                ["smoke"] = options.Smoke,
                ["parameters"] = ParameterInjector.ToJson(injected),
                ["duration_s"] = Math.Round(watch.Elapsed.TotalSeconds, 3),
            };
            return new RunResult
            {
                Notebook = notebook, Status = status, ErrorCells = errorCells, Timings = timings,
                Duration = watch.Elapsed, FirstError = firstError,
            };
        }
    }

    /// <summary>A cell's ending: Completed, or the error status with a one-line summary.</summary>
    readonly record struct CellOutcome(RunStatus Status, string? Summary);

    static CellOutcome RunCell(Notebook notebook, int index, CellThread thread, ScriptSession session, OutputSink sink, ErrorReport errors, RunOptions options, CancellationToken cancel)
    {
        var cell = notebook.Cells[index];
        string kernel = cell.KernelName(notebook.DefaultKernelName);
        if (kernel != "csharp")
        {
            var (output, summary) = ErrorReport.Stopped(index, cell, "UnsupportedLanguage",
                $"is a '{kernel}' cell; the GanLab engine runs C# cells only (Polyglot Notebooks' other kernels are not available here).");
            sink.Add(output);
            return new CellOutcome(RunStatus.Failed, summary);
        }
        var directives = CellDirectives.Parse(cell.Source);
        errors.Register(index, cell); // directive lines are blanked, not removed: the source's line numbers hold

        CellOutcome outcome = default;
        var done = new ManualResetEventSlim();
        thread.Post(() =>
        {
            try { outcome = Execute(index, cell, directives, session, sink, errors); }
            catch (Exception e) { outcome = Fail(sink, errors.Exception(index, e)); }
            finally { done.Set(); }
        });

        int signalled = WaitHandle.WaitAny(new[] { done.WaitHandle, cancel.WaitHandle }, options.CellTimeout ?? Timeout.InfiniteTimeSpan);
        if (signalled == 0) return outcome;
        // The cell's thread cannot be stopped; it runs on in the background (and takes no more cells) while the notebook is written.
        bool interrupted = signalled == 1;
        var stopped = interrupted
            ? ErrorReport.Stopped(index, cell, "Interrupted", "was interrupted (Ctrl+C) while running.")
            : ErrorReport.Stopped(index, cell, "CellTimeoutError", $"did not finish within {options.CellTimeout!.Value.TotalSeconds:0.##} s (the per-cell time limit).");
        sink.Add(stopped.Output);
        return new CellOutcome(interrupted ? RunStatus.Interrupted : RunStatus.TimedOut, stopped.Summary);
    }

    static CellOutcome Execute(int index, NotebookCell cell, CellDirectives directives, ScriptSession session, OutputSink sink, ErrorReport errors)
    {
        var watch = Stopwatch.StartNew();
        ScriptSession.Outcome result;
        try
        {
            result = session.Run(directives, ErrorReport.FileName(index));
        }
        catch (DirectiveException e)
        {
            return Fail(sink, errors.Directive(index, e));
        }
        catch (CompilationErrorException e)
        {
            sink.Write("stderr", ErrorReport.KernelDiagnostics(e));
            return Fail(sink, errors.Compilation(index, e));
        }
        if (result.Exception is { } exception) return Fail(sink, errors.Exception(index, exception));
        if (result.HasValue) sink.Add(CellOutput.Result(cell.ExecutionCount ?? 0, ValueFormatter.Format(result.Value)));
        if (directives.Time)
            sink.Add(CellOutput.Display(new Dictionary<string, string> { [ValueFormatter.PlainText] = $"Wall time: {watch.Elapsed.TotalMilliseconds.ToString("0.####", CultureInfo.InvariantCulture)}ms" }));
        return new CellOutcome(RunStatus.Completed, null);
    }

    static CellOutcome Fail(OutputSink sink, (CellOutput Output, string Summary) error)
    {
        sink.Add(error.Output);
        return new CellOutcome(RunStatus.Failed, error.Summary);
    }

    static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
