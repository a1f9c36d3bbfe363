using System.Collections.Concurrent;
using GanLab.Notebooks;
using GanLab.Notebooks.Execution;

namespace GanLab.Tests.Notebooks;

/// <summary>
/// The course's notebooks, and the engine's smoke run of each: run once per test run and shared by the test that checks
/// it (<see cref="CourseNotebookTests"/>) and the tests that compare other doors with it (the course through GanLab's
/// kernel and through .NET Interactive), so the engine does not run the course three times.
/// </summary>
static class CourseRuns
{
    static readonly ConcurrentDictionary<string, Lazy<RunResult>> EngineRuns = new();

    /// <summary>notebooks/.</summary>
    public static string Folder => Path.Combine(NotebookFiles.RepoRoot, "notebooks");

    /// <summary>The course notebooks' file names, in order.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.GetFiles(Folder, "*.ipynb").Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList();

    /// <summary>The course notebooks as theory data.</summary>
    public static TheoryData<string> TheoryData()
    {
        var data = new TheoryData<string>();
        foreach (string name in Names()) data.Add(name);
        return data;
    }

    /// <summary>notebooks/<paramref name="name"/> run in smoke mode by the engine (<c>ganlab run --smoke</c>); the result must not be changed.</summary>
    public static RunResult EngineSmoke(string name) => EngineRuns.GetOrAdd(name, n => new Lazy<RunResult>(() =>
    {
        string source = Path.Combine(Folder, n);
        return NotebookRunner.Run(Notebook.Load(source), source, new RunOptions { Smoke = true, CellTimeout = TimeSpan.FromMinutes(5) });
    })).Value;
}
