using System.Text.RegularExpressions;
using GanLab.Notebooks;
using GanLab.Notebooks.Execution;
using GanLab.Tests.Notebooks;
using Xunit.Abstractions;

namespace GanLab.Tests.Kernel;

/// <summary>
/// Polyglot users are not broken: every course notebook runs in smoke mode through the last .NET Interactive
/// (1.0.712001, the kernel behind Polyglot Notebooks) under Debian's nbclient, and each cell shows the same GanLab
/// outputs (image grids, charts, training views, printed lines) as GanLab's own engine gives for it.
/// Known defects of that kernel, which these tests tolerate and do not assert: its update_display_data carries a new
/// display_id, so a live training view keeps its first state ("not started") in every Jupyter front end; a runtime
/// exception arrives as ename "Error" with the stack trace as its message and no cell line.
/// </summary>
public class PolyglotCourseTests : IClassFixture<PolyglotCourseTests.Kernelspec>
{
    /// <summary>One sandbox with .NET Interactive's kernelspec for the whole class.</summary>
    public sealed class Kernelspec : IDisposable
    {
        public Kernelspec() => DotnetInteractive.AddKernelspec(Sandbox);

        internal JupyterSandbox Sandbox { get; } = new();

        public void Dispose() => Sandbox.Dispose();
    }

    readonly JupyterSandbox _sandbox;
    readonly ITestOutputHelper _output;

    public PolyglotCourseTests(Kernelspec kernelspec, ITestOutputHelper output) => (_sandbox, _output) = (kernelspec.Sandbox, output);

    static string CourseFolder => Path.Combine(NotebookFiles.RepoRoot, "notebooks");

    [Theory]
    [MemberData(nameof(CourseNotebookTests.CourseNotebooks), MemberType = typeof(CourseNotebookTests))]
    public void Runs_in_smoke_mode_through_dotnet_interactive_with_the_engines_outputs(string name)
    {
        string source = Path.Combine(CourseFolder, name);
        string prepared = SmokeCopy.Write(source, NotebookFiles.TempFolder());
        string written = Path.Combine(Artifacts(), name);
        // The kernel starts in notebooks/, as Jupyter starts it beside the notebook: the setup cell's ../lib/... resolves.
        var run = NbClient.Run(_sandbox, DotnetInteractive.KernelName, prepared, written, CourseFolder, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
        _output.WriteLine($"{name}: {run.Elapsed.TotalSeconds:F1} s through .NET Interactive {DotnetInteractive.Version} (load {File.ReadAllText("/proc/loadavg").Trim()})");
        Assert.True(run.ExitCode == 0, $"{name} failed in .NET Interactive {DotnetInteractive.Version} (executed copy: {written}):\n{NbClient.Tail(run.Stderr)}");
        NotebookFiles.AssertValid(written);
        var polyglot = run.Executed;
        Assert.All(polyglot.Cells.SelectMany(c => c.Outputs), o => Assert.True(o.OutputType != "error", $"{name}: {o.EName}: {o.EValue}"));

        var engine = NotebookRunner.Run(Notebook.Load(source), source, new RunOptions { Smoke = true, CellTimeout = TimeSpan.FromMinutes(5) });
        Assert.True(engine.Status == RunStatus.Completed, $"{name} failed in GanLab's engine: {engine.FirstError}");
        var engineCells = engine.Notebook.Cells;
        Assert.Equal(engineCells.Count, polyglot.Cells.Count);
        for (int i = 0; i < engineCells.Count; i++)
        {
            if (!engineCells[i].IsCode) continue;
            string where = $"{name}, cell {i} ({FirstLine(engineCells[i].Source)})";
            Assert.True(GanLabOutputs(engineCells[i]).SequenceEqual(GanLabOutputs(polyglot.Cells[i])),
                $"{where}: GanLab outputs [{string.Join(", ", GanLabOutputs(engineCells[i]))}] in the engine, [{string.Join(", ", GanLabOutputs(polyglot.Cells[i]))}] in .NET Interactive");
            Assert.True(PrintedLines(engineCells[i]) == PrintedLines(polyglot.Cells[i]),
                $"{where}: {PrintedLines(engineCells[i])} printed lines in the engine, {PrintedLines(polyglot.Cells[i])} in .NET Interactive");
        }

        // The defect, recorded for the report (not asserted): the live view shows the state it was first displayed in.
        foreach (var view in polyglot.Cells.SelectMany(c => c.Outputs).Select(o => o.Data.GetValueOrDefault("text/html", "")).Where(h => h.Contains("class=\"ganlab-training\"", StringComparison.Ordinal)))
            _output.WriteLine($"training view saved as: {Regex.Match(view, "<div style=\"font-weight:bold\">([^<]*)</div>").Groups[1].Value}");
    }

    /// <summary>The kinds of GanLab display a cell shows, in order: the class of each output's outer GanLab element.</summary>
    static IEnumerable<string> GanLabOutputs(NotebookCell cell) =>
        cell.Outputs.Where(o => o.OutputType is "display_data" or "execute_result")
            .Select(o => Regex.Match(o.Data.GetValueOrDefault("text/html", ""), "class=\"(ganlab-[a-z]+)\""))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    /// <summary>Non-blank stdout lines (.NET Interactive separates some with blank lines).</summary>
    static int PrintedLines(NotebookCell cell) =>
        string.Concat(cell.Outputs.Where(o => o.OutputType == "stream" && o.Name == "stdout").Select(o => o.Text))
            .Split('\n').Count(line => line.Trim().Length > 0);

    static string FirstLine(string source) => source.Split('\n')[0].Trim();

    static string Artifacts()
    {
        string dir = Path.Combine(NotebookFiles.Artifacts(), "..", "dotnet-interactive");
        Directory.CreateDirectory(dir);
        return Path.GetFullPath(dir);
    }
}
