using System.CommandLine;
using GanLab.Notebooks;
using GanLab.Notebooks.Execution;
using GanLab.Notebooks.Html;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab run NOTEBOOK|FOLDER [--out DIR] [--smoke] [-p Name=Value] [--html] [--allow-errors] [--timeout S] [--overwrite]</c>:
/// runs .NET Interactive C# notebooks headless and writes the executed notebooks (and, with --html, the course book).
/// Exit code: 0 all ran, 1 a cell failed, 124 a cell timed out, 130 interrupted (Ctrl+C).
/// </summary>
public sealed class RunCommand : Command
{
    readonly CommonOptions _common;
    readonly Argument<string> _path = new("NOTEBOOK|FOLDER") { Description = "A notebook, or a folder whose .ipynb files run in name order" };
    readonly Option<string> _out = new("--out") { Description = "Where the executed notebooks (and the book) go", HelpName = "DIR", DefaultValueFactory = _ => "out" };
    readonly Option<bool> _smoke = new("--smoke") { Description = "Smoke mode: each notebook's tiny budget (what CI runs), seconds per notebook" };
    readonly Option<string[]> _parameters = new("-p", "--parameter")
    {
        Description = "Set a knob of a notebook's parameters cell, for example -p Epochs=5 (repeat for several)",
        HelpName = "Name=Value",
    };
    readonly Option<bool> _html = new("--html") { Description = "Also write the offline HTML course book (DIR/index.html and a page per notebook)" };
    readonly Option<bool> _allowErrors = new("--allow-errors") { Description = "Keep running a notebook's cells after one fails" };
    readonly Option<double?> _timeout = NumberOption.Double("--timeout", "Stop a cell that runs longer than S seconds (exit code 124)", "S");
    readonly Option<bool> _overwrite = new("--overwrite") { Description = "Allow --out to be the notebooks' own folder (replaces the sources with executed copies)" };

    public RunCommand(CommonOptions common) : base("run", "Run .NET Interactive C# notebooks headless and write the executed notebooks (and, with --html, the course book). " +
                                                         "Exit code: 0 all ran, 1 a cell failed, 124 a cell timed out, 130 interrupted")
    {
        _common = common;
        Arguments.Add(_path);
        Options.Add(_out);
        Options.Add(_smoke);
        Options.Add(_parameters);
        Options.Add(_html);
        Options.Add(_allowErrors);
        Options.Add(_timeout);
        Options.Add(_overwrite);
        _timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is <= 0) result.AddError("--timeout expects a positive number of seconds.");
        });
        SetAction(Run);
    }

    int Run(ParseResult parse)
    {
        string path = parse.GetRequiredValue(_path);
        var sources = Find(path);
        string outDir = Path.GetFullPath(parse.GetRequiredValue(_out));
        bool html = parse.GetValue(_html);
        var options = new RunOptions
        {
            Parameters = (parse.GetValue(_parameters) ?? []).Select(ParseParameter).ToList(),
            Smoke = parse.GetValue(_smoke),
            AllowErrors = parse.GetValue(_allowErrors),
            CellTimeout = parse.GetValue(_timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Log = Console.Error,
            // A folder run: each notebook takes the -p knobs it declares; a name no notebook declares is a typo.
            SkipUndeclaredParameters = sources.Count > 1,
        };
        if (sources.Count > 1)
        {
            var declared = sources.SelectMany(s => ParameterInjector.DeclaredNames(Notebook.Load(s))).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, _) in options.Parameters)
                if (!declared.Contains(name))
                    throw new CliException($"-p {name}: no notebook in {path} declares '{name}' in its parameters cell.");
        }
        foreach (string source in sources)
        {
            string target = Path.Combine(outDir, Path.GetFileName(source));
            if (string.Equals(Path.GetFullPath(source), target, StringComparison.Ordinal) && !parse.GetValue(_overwrite))
                throw new CliException($"--out {outDir} would overwrite the source {source}; choose another folder or pass --overwrite.");
        }
        // Notebooks call TorchRuntime.Init themselves; --device and --threads reach them as the environment.
        if (parse.GetValue(_common.Device) is { } device) Environment.SetEnvironmentVariable(GanLab.Runtime.TorchRuntime.DeviceVariable, device);
        if (parse.GetValue(_common.Threads) is { } threads) Environment.SetEnvironmentVariable(GanLab.Runtime.TorchRuntime.ThreadsVariable, threads.ToString(System.Globalization.CultureInfo.InvariantCulture));

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
            if (html && entries.Count > 0)
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
