using GanLab.Runtime;

namespace GanLab.Cli.Bench;

/// <summary>One measured figure, as written by <c>ganlab bench --json</c>.</summary>
public sealed record BenchResult(string Name, double Value, string Unit);

/// <summary>What a benchmark gets: the runtime, and whether to run the short version.</summary>
public sealed record BenchContext(TorchRuntime Runtime, bool Quick);

/// <summary>A registered benchmark: the figures it reports (by name) and the code that measures them.</summary>
public sealed record Benchmark(IReadOnlyList<string> Names, string Description, Func<BenchContext, IEnumerable<BenchResult>> Run);
