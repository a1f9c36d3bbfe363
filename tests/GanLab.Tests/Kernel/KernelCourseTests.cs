using GanLab.Notebooks;
using GanLab.Notebooks.Execution;
using GanLab.Tests.Notebooks;
using Xunit.Abstractions;

namespace GanLab.Tests.Kernel;

/// <summary>
/// Every course notebook runs in smoke mode through GanLab's kernel with nbclient (Jupyter's own notebook runner),
/// gives the same outputs as the engine's <c>ganlab run</c> (one execution core, two doors), and its live training
/// views are saved in their final state (nbclient applies each update_display_data to the display it names).
/// </summary>
public class KernelCourseTests : IClassFixture<KernelCourseTests.Course>
{
    /// <summary>The course through GanLab's kernel, once for the class.</summary>
    public sealed class Course
    {
        internal CourseThroughKernel Kernel { get; } = new(JupyterSandbox.GanLabKernel, GanLab.Kernel.CSharpKernel.Name, "ganlab-kernel", parallel: 2);
    }

    readonly CourseThroughKernel _course;
    readonly ITestOutputHelper _output;

    public KernelCourseTests(Course course, ITestOutputHelper output) => (_course, _output) = (course.Kernel, output);

    public static TheoryData<string> CourseNotebooks() => CourseRuns.TheoryData();

    [Theory]
    [MemberData(nameof(CourseNotebooks))]
    public void Runs_in_smoke_mode_through_the_kernel_with_the_engines_outputs(string name)
    {
        var (executed, timing) = _course.Run(name);
        _output.WriteLine($"{name}: {timing}");

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
        var engine = CourseRuns.EngineSmoke(name);
        Assert.True(engine.Status == RunStatus.Completed, engine.FirstError);
        Assert.Equal(Shapes(engine.Notebook), Shapes(executed));
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
