using System.CommandLine;
using System.Text.Json.Nodes;
using GanLab.Notebooks;
using GanLab.Notebooks.Execution;
using GanLab.Runtime;
using GanLab.Workshop;
using TorchSharp;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab check [--no-speed] [--remembered] [--notebooks DIR] [--against DIR] [-p Name=Value]</c>: can torch load here, what did the
/// runtime choose, how fast is this machine at what the notebooks do, and how long will each course notebook take here.
/// </summary>
public sealed class CheckCommand : Command
{
    /// <summary>The workshop's promise: each notebook in under five minutes.</summary>
    const double WorkshopLimitSeconds = 300;

    readonly CommonOptions _common;
    readonly Option<bool> _noSpeed = new("--no-speed") { Description = "Only check the set-up: skip measuring the machine's speed (a few seconds) and the notebooks' estimates" };
    readonly Option<bool> _remembered = new("--remembered") { Description = "Use the speed figures remembered for this machine instead of measuring again (measure only when there are none)" };
    readonly Option<string?> _notebooks = new("--notebooks") { Description = "The course notebooks to estimate [default: notebooks/ here, or the repository's]", HelpName = "DIR" };
    readonly Option<string?> _against = new("--against")
    {
        Description = "A folder of executed notebooks (ganlab run --out DIR): print each one's measured time beside its estimate, with the parameters it ran with",
        HelpName = "DIR",
    };
    readonly Option<string[]> _parameters = new("-p", "--parameter") { Description = "Estimate with a knob set, for example -p Epochs=5 (repeat for several)", HelpName = "Name=Value" };

    public CheckCommand(CommonOptions common) : base("check",
        "Show versions, device, threads and the native fixes (exit 3 with a clear message when torch cannot load); measure this machine's speed " +
        "at the notebooks' work, remember it (the notebooks fit their training to it) and estimate each course notebook's time here")
    {
        _common = common;
        Options.Add(_noSpeed);
        Options.Add(_remembered);
        Options.Add(_notebooks);
        Options.Add(_against);
        Options.Add(_parameters);
        SetAction(Run);
    }

    int Run(ParseResult parse)
    {
        var rt = _common.InitRuntime(parse, quiet: true);
        using var sum = torch.ones(3, device: rt.Device).sum();
        float value = sum.item<float>();
        Console.WriteLine($"GanLab         {TorchRuntime.LibraryVersion}");
        Console.WriteLine($"TorchSharp     {TorchRuntime.TorchSharpVersion}");
        Console.WriteLine($".NET           {Environment.Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine($"device         {rt.Device}");
        Console.WriteLine($"threads        {rt.Threads} (of {Environment.ProcessorCount} logical cores)");
        Console.WriteLine($"seed           {rt.Seed}");
        Console.WriteLine($"Debian fix     {(rt.NativeFixApplied ? "applied: " + rt.NativeFixNote : "not needed" + (rt.NativeFixNote is null ? "" : $" ({rt.NativeFixNote})"))}");
        Console.WriteLine($"oneDNN         {rt.OneDnnNote ?? "full instruction set"}");
        Console.WriteLine($"torch works    ones(3).sum() = {value}");
        if (value != 3f) return 1;
        if (parse.GetValue(_noSpeed)) return 0;

        Console.WriteLine();
        var speed = parse.GetValue(_remembered) ? MachineSpeed.Remembered() : null;
        if (speed is null)
        {
            if (LoadAverage() is double load && load > 0.5 * Environment.ProcessorCount)
                Console.Error.WriteLine($"warning: this machine is busy (load average {load:F1} on {Environment.ProcessorCount} logical cores): the figures measured now are " +
                    $"too low, and the notebooks would train less than they could. Measure again when it is idle, or set {MachineSpeed.FolderVariable} to keep these figures apart.");
            Console.Error.Write("measuring this machine's speed at the notebooks' work ... ");
            speed = MachineSpeed.Remember(MachineSpeed.Measure());
            Console.Error.WriteLine($"{speed.MeasureSeconds:F1} s");
        }
        PrintSpeed(speed);

        var overrides = (parse.GetValue(_parameters) ?? []).Select(ParseParameter).ToList();
        if (parse.GetValue(_against) is { } against) return CompareWithRun(against, speed, overrides);
        string? folder = parse.GetValue(_notebooks) ?? FindCourse();
        if (folder is null)
        {
            Console.WriteLine("\n(no notebooks/ folder here: pass --notebooks DIR for the course's estimates)");
            return 0;
        }
        PrintEstimates(folder, speed, overrides);
        return 0;
    }

    /// <summary>The one-minute load average (Linux), or null where the system does not say.</summary>
    static double? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out double load) ? load : null;
        }
        catch (IOException) { return null; }
    }

    static void PrintSpeed(MachineSpeed s)
    {
        Console.WriteLine($"speed          measured {s.MeasuredAt.ToLocalTime():yyyy-MM-dd HH:mm} in {s.MeasureSeconds:F1} s, remembered in {s.RememberedIn}");
        Console.WriteLine("               (the notebooks fit their training to these figures; run ganlab check again, on an idle machine, to renew them)");
        Console.WriteLine($"  DCGAN-32             {s.DcganImagesPerSecond,8:N0} images/s   (width 16: {s.DcganNarrowImagesPerSecond:N0})");
        Console.WriteLine($"  MSG-GAN-32           {s.MsgGanImagesPerSecond,8:N0} images/s");
        Console.WriteLine($"  reverse classifier   {s.ReverseClassifierImagesPerSecond,8:N0} images/s");
        Console.WriteLine($"  toy 2-D GAN          {s.ToyStepsPerSecond,8:N0} steps/s    (ten at once: {s.ToyRunStepsPerSecond:N0} run-steps/s)");
        Console.WriteLine($"  faces drawn          {s.FacesPerSecond,8:N0} /s");
    }

    static void PrintEstimates(string folder, MachineSpeed speed, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        if (!Directory.Exists(folder)) throw new CliException($"No folder '{folder}': pass --notebooks the folder of the course notebooks.");
        Console.WriteLine($"\nestimated workshop time per notebook on this machine ({folder}; the first run also draws the data sets):");
        double total = 0;
        foreach (string path in Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var (estimate, missing) = Estimate(path, overrides, speed);
            if (estimate is null) continue;
            total += estimate.Seconds;
            Console.WriteLine($"  {Path.GetFileNameWithoutExtension(path),-24}{StepBudget.Duration(estimate.Seconds),11}{(estimate.Seconds > WorkshopLimitSeconds ? "  OVER 5 MIN" : "")}");
            foreach (var (what, seconds) in estimate.Parts.Where(x => x.Seconds >= 1).Take(4))
                Console.WriteLine($"    {StepBudget.Duration(seconds),11}  {what}");
            if (missing.Count > 0) Console.WriteLine($"    (the notebook no longer declares {string.Join(", ", missing)}: the estimate assumed their old defaults)");
        }
        Console.WriteLine($"  {"the whole course",-24}{StepBudget.Duration(total),11}");
    }

    /// <summary>Estimates beside a run's measured times: the executed notebooks record their duration and the parameters they were given.</summary>
    static int CompareWithRun(string folder, MachineSpeed speed, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        if (!Directory.Exists(folder)) throw new CliException($"No folder '{folder}': pass the --out folder of a 'ganlab run'.");
        Console.WriteLine($"\nestimated and measured time per notebook (the run in {folder}):");
        Console.WriteLine($"  {"notebook",-24}{"estimated",11}{"measured",11}{"ratio",8}");
        int compared = 0;
        foreach (string path in Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var executed = Notebook.Load(path);
            if (executed.Metadata["ganlab"] is not JsonObject run || run["duration_s"]?.GetValue<double>() is not double measured) continue;
            // the run's own parameters (smoke values, -p) over the defaults, then this command's -p
            var given = (run["parameters"] as JsonObject ?? new JsonObject()).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.GetValue<string>() ?? "")).ToList();
            var (estimate, _) = Estimate(path, overrides, speed, injected: given);
            if (estimate is null) continue;
            compared++;
            bool smoke = run["smoke"]?.GetValue<bool>() == true;
            Console.WriteLine($"  {Path.GetFileNameWithoutExtension(path),-24}{StepBudget.Duration(estimate.Seconds),11}{StepBudget.Duration(measured),11}{estimate.Seconds / measured,8:F2}{(smoke ? "  (smoke run)" : "")}");
        }
        if (compared == 0) Console.WriteLine("  (no executed course notebooks there)");
        return 0;
    }

    /// <summary>The notebook's estimate with its defaults, then <paramref name="injected"/> (values as code, as an executed notebook records what it was given), then <paramref name="overrides"/> (values as typed after -p).</summary>
    static (NotebookEstimate? Estimate, IReadOnlyCollection<string> Missing) Estimate(string path, IEnumerable<KeyValuePair<string, string>> overrides, MachineSpeed speed, IEnumerable<KeyValuePair<string, string>>? injected = null)
    {
        var notebook = Notebook.Load(path);
        var code = new Dictionary<string, string>(ParameterInjector.DeclaredDefaults(notebook), StringComparer.Ordinal);
        foreach (var (name, value) in injected ?? [])
            if (code.ContainsKey(name)) code[name] = value;
        foreach (var (name, value) in overrides)
            if (code.ContainsKey(name)) code[name] = Literal(code[name], value);
        var parameters = new NotebookParameters(code);
        return (CourseEstimates.For(path, parameters, speed), parameters.Missing);
    }

    /// <summary>A -p value as code of the parameter's kind: text in quotes where the default is text, as written otherwise.</summary>
    static string Literal(string defaultCode, string value) =>
        defaultCode.TrimStart().StartsWith('"') && !value.StartsWith('"') ? "\"" + value + "\"" : value;

    /// <summary>notebooks/ in the current folder, or the repository's (found from where this program runs).</summary>
    static string? FindCourse()
    {
        if (IsCourse("notebooks")) return "notebooks";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (IsCourse(Path.Combine(dir.FullName, "notebooks"))) return Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(dir.FullName, "notebooks"));
        return null;
    }

    static bool IsCourse(string dir) => CourseEstimates.Notebooks.Any(n => File.Exists(Path.Combine(dir, n)));

    static KeyValuePair<string, string> ParseParameter(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new CliException($"-p expects Name=Value, got '{text}'.");
        return new(text[..eq].Trim(), text[(eq + 1)..].Trim());
    }
}
