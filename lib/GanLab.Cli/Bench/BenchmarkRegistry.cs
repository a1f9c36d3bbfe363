namespace GanLab.Cli.Bench;

/// <summary>Every benchmark <c>ganlab bench</c> runs, in order. Add a line here for a new one.</summary>
public static class BenchmarkRegistry
{
    public static IReadOnlyList<Benchmark> All { get; } = new[]
    {
        TrainingBenchmarks.Dcgan32,
        TrainingBenchmarks.Dcgan32Ema,
        TrainingBenchmarks.MsgGan32,
        TrainingBenchmarks.Toy2d,
        TrainingBenchmarks.Dcgan32Memory,
        AnalysisBenchmarks.Tsne5000,
        DataBenchmarks.Faces32,
        DataBenchmarks.Faces64,
        DataBenchmarks.Folder64,
        DataBenchmarks.Cache32,
        EngineBenchmarks.Cells,
        KernelBenchmarks.Kernel,
    };
}
