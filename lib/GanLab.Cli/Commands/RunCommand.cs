using System.Globalization;
using GanLab.Notebooks;
using GanLab.Notebooks.Execution;
using GanLab.Notebooks.Html;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab run &lt;notebook|folder&gt; [--out DIR] [--smoke] [-p Name=Value] [--html] [--allow-errors] [--timeout S] [--overwrite]</c>:
/// runs .NET Interactive C# notebooks headless and writes the executed notebooks (and, with --html, the course book).
/// Exit code: 0 all ran, 1 a cell failed, 124 a cell timed out, 130 interrupted (Ctrl+C).
/// </summary>
public static class RunCommand
{
    public static int Run(CliArgs cli)
    {
        if (cli.Positional.Count != 1) throw new CliException("run needs one notebook or folder: ganlab run <notebook|folder> [--out DIR] [--smoke] [-p Name=Value] [--html]");
        var sources = Find(cli.Positional[0]);
        string outDir = Path.GetFullPath(cli.Get("--out") ?? "out");
        var options = new RunOptions
        {
            Parameters = cli.GetAll("-p").Select(ParseParameter).ToList(),
            Smoke = cli.Has("--smoke"),
            AllowErrors = cli.Has("--allow-errors"),
            CellTimeout = cli.Get("--timeout") is { } t
                ? double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 ? TimeSpan.FromSeconds(s) : throw new CliException($"--timeout expects seconds, got '{t}'.")
                : null,
            Log = Console.Error,
            // A folder run: each notebook takes the -p knobs it declares; a name no notebook declares is a typo.
            SkipUndeclaredParameters = sources.Count > 1,
        };
        if (sources.Count > 1)
        {
            var declared = sources.SelectMany(s => ParameterInjector.DeclaredNames(Notebook.Load(s))).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, _) in options.Parameters)
                if (!declared.Contains(name))
                    throw new CliException($"-p {name}: no notebook in {cli.Positional[0]} declares '{name}' in its parameters cell.");
        }
        foreach (string source in sources)
        {
            string target = Path.Combine(outDir, Path.GetFileName(source));
            if (string.Equals(Path.GetFullPath(source), target, StringComparison.Ordinal) && !cli.Has("--overwrite"))
                throw new CliException($"--out {outDir} would overwrite the source {source}; choose another folder or pass --overwrite.");
        }
        // Notebooks call TorchRuntime.Init themselves; --device and --threads reach them as the environment.
        if (cli.Get("--device") is { } device) Environment.SetEnvironmentVariable(GanLab.Runtime.TorchRuntime.DeviceVariable, device);
        if (cli.Get("--threads") is { } threads) Environment.SetEnvironmentVariable(GanLab.Runtime.TorchRuntime.ThreadsVariable, threads);

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cancel.IsCancellationRequested) return; // a second Ctrl+C ends the process
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var entries = new List<BookEntry>();
        int exit = 0;
        try
        {
            foreach (string source in sources)
            {
                Console.Error.WriteLine($"running {source}{(options.Smoke ? " (smoke mode)" : "")}");
                var notebook = Notebook.Load(source);
                RunResult result;
                try { result = NotebookRunner.Run(notebook, source, options, cancel.Token); }
                catch (ArgumentException e) { throw new CliException(e.Message); }
                string target = Path.Combine(outDir, Path.GetFileName(source));
                result.Notebook.Save(target);
                entries.Add(new BookEntry(result.Notebook, source, result.Status, result.Duration));
                Console.Error.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, target)}: {result.Status.ToString().ToLowerInvariant()} in {result.Duration.TotalSeconds:F1} s" +
                    (result.FirstError is null ? "" : $"\n  first error: {result.FirstError}"));
                exit = Math.Max(exit, result.Status switch { RunStatus.Completed => 0, RunStatus.Failed => 1, RunStatus.TimedOut => 124, _ => 130 });
                // A timed-out or interrupted cell may still be running in the background: stop here.
                if (result.Status is RunStatus.TimedOut or RunStatus.Interrupted) break;
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            if (cli.Has("--html") && entries.Count > 0)
            {
                var pages = CourseBook.Write(outDir, entries);
                Console.Error.WriteLine($"wrote the course book: {Path.GetRelativePath(Environment.CurrentDirectory, pages[^1])} and {pages.Count - 1} page(s)");
            }
        }
        return exit;
    }

    /// <summary>A notebook, or every .ipynb directly in a folder, in name order.</summary>
    static IReadOnlyList<string> Find(string path)
    {
        if (File.Exists(path)) return new[] { path };
        if (!Directory.Exists(path)) throw new CliException($"No notebook or folder at '{path}'.");
        var notebooks = Directory.GetFiles(path, "*.ipynb").OrderBy(p => p, StringComparer.Ordinal).ToList();
        return notebooks.Count > 0 ? notebooks : throw new CliException($"No .ipynb notebooks in '{path}'.");
    }

    static KeyValuePair<string, string> ParseParameter(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new CliException($"-p expects Name=Value, got '{text}'.");
        return new(text[..eq].Trim(), text[(eq + 1)..]);
    }
}
