using GanLab.Notebooks;
using GanLab.Notebooks.Execution;
using GanLab.Tests.Notebooks;

namespace GanLab.Tests.Kernel;

/// <summary>
/// Every course notebook runs in smoke mode through GanLab's kernel with nbclient (Jupyter's own notebook runner),
/// gives the same outputs as the engine's <c>ganlab run</c> (one execution core, two doors), and its live training
/// views are saved in their final state (nbclient applies each update_display_data to the display it names).
/// </summary>
public class KernelCourseTests
{
    public static TheoryData<string> CourseNotebooks() => CourseNotebookTests.CourseNotebooks();

    [Theory]
    [MemberData(nameof(CourseNotebooks))]
    public void Runs_in_smoke_mode_through_the_kernel_with_the_engines_outputs(string name)
    {
        string source = Path.Combine(NotebookFiles.RepoRoot, "notebooks", name);
        string folder = NotebookFiles.TempFolder();
        var smoke = Notebook.Load(source);
        ParameterInjector.Inject(smoke, Array.Empty<KeyValuePair<string, string>>(), smoke: true);
        string input = Path.Combine(folder, "in-" + name), output = Path.Combine(folder, name);
        smoke.Save(input);

        KernelChecks.RunPython("run_notebook.py", TimeSpan.FromMinutes(10), input, output, Path.Combine(NotebookFiles.RepoRoot, "notebooks"));
        NotebookFiles.AssertValid(output);
        File.Copy(output, Path.Combine(NotebookFiles.Artifacts(), "kernel-" + name), overwrite: true);
        var executed = Notebook.Load(output);
        var errors = executed.Cells.SelectMany(c => c.Outputs).Where(o => o.OutputType == "error").Select(o => $"{o.EName}: {o.EValue}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        // Live training views: saved in their final state, never "not started".
        foreach (var view in executed.Cells.SelectMany(c => c.Outputs).Where(o => o.Data.TryGetValue("text/html", out string? html) && html.Contains("ganlab-training", StringComparison.Ordinal)))
            Assert.DoesNotContain("not started", view.Data["text/plain"]);

        // The saved notebook draws its charts when opened again: plotly.js comes before the first chart, in an output
        // of its own that no update replaces.
        var html = executed.Cells.SelectMany(c => c.Outputs).Select(o => o.Data.GetValueOrDefault("text/html") ?? "").ToList();
        int script = html.FindIndex(h => h.Contains("data-ganlab-plotly", StringComparison.Ordinal));
        int firstChart = html.FindIndex(h => h.Contains("Plotly.newPlot", StringComparison.Ordinal) && !h.Contains("data-ganlab-plotly", StringComparison.Ordinal));
        if (firstChart >= 0) Assert.True(script >= 0 && script < firstChart, "the saved notebook has charts but no plotly.js before the first one");

        // The engine's door gives the same outputs, cell by cell (kinds and MIME types; text differs where it prints times).
        var engine = Notebook.Load(source);
        var result = NotebookRunner.Run(engine, source, new RunOptions { Smoke = true, CellTimeout = TimeSpan.FromMinutes(5) });
        Assert.True(result.Status == RunStatus.Completed, result.FirstError);
        Assert.Equal(Shapes(engine), Shapes(executed));
    }

    /// <summary>Each code cell's outputs as "type[mime,...]", consecutive pieces of one stream counted once.</summary>
    static List<string> Shapes(Notebook notebook) => notebook.Cells.Where(c => c.IsCode).Select((c, index) =>
    {
        var shapes = new List<string>();
        foreach (var o in c.Outputs)
        {
            string shape = o.OutputType == "stream" ? $"stream:{o.Name}" : $"{o.OutputType}[{string.Join(",", o.Data.Keys.Order(StringComparer.Ordinal))}]";
            if (shapes.Count == 0 || shapes[^1] != shape || o.OutputType != "stream") shapes.Add(shape);
        }
        return $"code cell {index + 1}: {string.Join(" ", shapes)}";   // by position: the injected cell's id is new each run
    }).ToList();
}
