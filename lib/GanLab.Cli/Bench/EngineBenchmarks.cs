using GanLab.Notebooks;
using GanLab.Notebooks.Execution;

namespace GanLab.Cli.Bench;

/// <summary>The notebook engine's speed: the first cell (Roslyn's warm-up) and the small cells after it.</summary>
public static class EngineBenchmarks
{
    /// <summary>engine.first_cell_s and engine.next_cell_ms (median), on a notebook of small TorchSharp cells.</summary>
    public static Benchmark Cells { get; } = new(
        new[] { "engine.first_cell_s", "engine.next_cell_ms" },
        "notebook engine: first cell (compiler warm-up), then the median small cell",
        ctx =>
        {
            int cells = ctx.Quick ? 10 : 40;
            var notebook = Notebook.CreateCSharp();
            notebook.Cells.Add(NotebookCell.Code("#r \"nuget: TorchSharp, 0.107.0\"\nusing TorchSharp;\nvar total = 0f;\ntotal"));
            for (int i = 1; i <= cells; i++)
                notebook.Cells.Add(NotebookCell.Code($"var x{i} = torch.ones(4).mul({i});\ntotal += x{i}.sum().item<float>();\ntotal"));
            string folder = Directory.CreateTempSubdirectory("ganlab-bench-").FullName;
            try
            {
                var result = NotebookRunner.Run(notebook, Path.Combine(folder, "bench.ipynb"), new RunOptions());
                if (result.Status != RunStatus.Completed) throw new InvalidOperationException($"The benchmark notebook failed: {result.FirstError}");
                var next = result.Timings.Skip(1).Select(t => t.Duration.TotalMilliseconds).Order().ToList();
                return new[]
                {
                    new BenchResult("engine.first_cell_s", result.Timings[0].Duration.TotalSeconds, "s"),
                    new BenchResult("engine.next_cell_ms", next[next.Count / 2], "ms"),
                };
            }
            finally { Directory.Delete(folder, recursive: true); }
        });
}
