using System.CommandLine;
using System.Text.Json;
using GanLab.Cli.Bench;

namespace GanLab.Cli.Commands;

/// <summary><c>ganlab bench [--quick] [--json FILE] [--filter PREFIX]</c>: runs the registered benchmarks.</summary>
public sealed class BenchCommand : Command
{
    readonly CommonOptions _common;
    readonly Option<bool> _quick = new("--quick") { Description = "Shorter runs: less precise figures in a fraction of the time" };
    readonly Option<string?> _json = new("--json") { Description = "Also write the figures to FILE as [{name, value, unit}]", HelpName = "FILE" };
    readonly Option<string?> _filter = new("--filter") { Description = "Run only the benchmarks whose figure names start with PREFIX (for example train.dcgan32)", HelpName = "PREFIX" };

    public BenchCommand(CommonOptions common) : base("bench", "Run the registered benchmarks and print a table of figures")
    {
        _common = common;
        Options.Add(_quick);
        Options.Add(_json);
        Options.Add(_filter);
        SetAction(Run);
    }

    int Run(ParseResult parse)
    {
        var rt = _common.InitRuntime(parse);
        string? filter = parse.GetValue(_filter);
        var context = new BenchContext(rt, parse.GetValue(_quick));
        var results = new List<BenchResult>();
        foreach (var bench in BenchmarkRegistry.All)
        {
            if (filter is not null && !bench.Names.Any(n => n.StartsWith(filter, StringComparison.Ordinal))) continue;
            Console.Error.Write($"running {bench.Description} ... ");
            var started = DateTime.UtcNow;
            var figures = bench.Run(context).ToList();
            Console.Error.WriteLine($"{(DateTime.UtcNow - started).TotalSeconds:F1} s");
            results.AddRange(figures);
        }
        if (results.Count == 0) throw new CliException($"No benchmark matches '{filter}'. Known: {string.Join(", ", BenchmarkRegistry.All.SelectMany(b => b.Names))}.");

        int width = Math.Max(30, results.Max(r => r.Name.Length) + 2);
        Console.WriteLine($"{"benchmark".PadRight(width)}{"value",14}  unit");
        foreach (var r in results) Console.WriteLine($"{r.Name.PadRight(width)}{r.Value,14:G5}  {r.Unit}");

        if (parse.GetValue(_json) is { } path)
        {
            var json = JsonSerializer.Serialize(results.Select(r => new { name = r.Name, value = r.Value, unit = r.Unit }), new JsonSerializerOptions { WriteIndented = true });
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            File.WriteAllText(path, json + "\n");
            Console.Error.WriteLine($"wrote {results.Count} figures to {path}");
        }
        return 0;
    }
}
