using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

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

    /// <summary>
    /// Runs <paramref name="notebook"/> (changed in place: parameters injected, outputs replaced) from the folder of
    /// <paramref name="path"/>. Cancelling stops the running cell (see <see cref="ExecutionSession"/>), which gets an
    /// error output; so does a timeout.
    /// </summary>
    /// <exception cref="ArgumentException">Not a C# notebook, or parameters that do not fit.</exception>
    public static RunResult Run(Notebook notebook, string path, RunOptions options, CancellationToken cancel = default)
    {
        if (!notebook.IsCSharp)
            throw new ArgumentException($"{path} is not a C# notebook (kernelspec '{notebook.KernelspecName ?? "none"}'; expected '{Notebook.GanLabKernelName}', '.net-csharp' or a kernelspec whose language is C#).");
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
            var outputs = new NotebookOutputs();
            using var session = new ExecutionSession(outputs, Path.GetFullPath(path));
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
                Console.SetOut(session.StandardOutput);
                Console.SetError(session.StandardError);
                for (int i = 0; i < notebook.Cells.Count; i++)
                {
                    var cell = notebook.Cells[i];
                    if (!cell.IsCode) continue;
                    codeIndex++;
                    cell.ExecutionCount = ++executionCount;
                    var started = DateTime.UtcNow;
                    var cellWatch = Stopwatch.StartNew();
                    outputs.Begin(cell.Outputs);
                    var outcome = RunCell(notebook, i, session, outputs, options, cancel);
                    outputs.End();
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

    static CellResult RunCell(Notebook notebook, int index, ExecutionSession session, NotebookOutputs outputs, RunOptions options, CancellationToken cancel)
    {
        var cell = notebook.Cells[index];
        string label = ErrorReport.Label(index, cell);
        string kernel = cell.KernelName(notebook.DefaultKernelName);
        if (kernel != "csharp")
        {
            var (output, summary) = ErrorReport.NotRun(label, "UnsupportedLanguage",
                $"is a '{kernel}' cell; the GanLab engine runs C# cells only (Polyglot Notebooks' other kernels are not available here).");
            outputs.Output(output);
            return new CellResult(RunStatus.Failed, summary, output);
        }
        return session.Execute(new CellRequest(cell.Source, label, cell.ExecutionCount ?? 0), cancel, options.CellTimeout);
    }

    static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
