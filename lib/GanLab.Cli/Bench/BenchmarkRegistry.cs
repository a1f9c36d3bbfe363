namespace GanLab.Cli.Bench;

/// <summary>Every benchmark <c>ganlab bench</c> runs, in order. Add a line here for a new one.</summary>
public static class BenchmarkRegistry
{
    public static IReadOnlyList<Benchmark> All { get; } = new[]
    {
        TrainingBenchmarks.Dcgan32,
        EngineBenchmarks.Cells,
    };
}
