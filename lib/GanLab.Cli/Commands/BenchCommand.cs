using System.Text.Json;
using GanLab.Cli.Bench;

namespace GanLab.Cli.Commands;

/// <summary><c>ganlab bench [--quick] [--json FILE] [--filter PREFIX]</c>: runs the registered benchmarks.</summary>
public static class BenchCommand
{
    public static int Run(CliArgs cli)
    {
        var rt = cli.InitRuntime();
        string? filter = cli.Get("--filter");
        var context = new BenchContext(rt, cli.Has("--quick"));
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

        if (cli.Get("--json") is { } path)
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
