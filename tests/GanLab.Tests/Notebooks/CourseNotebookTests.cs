using GanLab.Notebooks;
using GanLab.Notebooks.Execution;

namespace GanLab.Tests.Notebooks;

/// <summary>
/// Every course notebook in notebooks/ runs end to end in smoke mode through the engine (as CI runs the course),
/// and both the source and the executed copy validate against the nbformat schema.
/// </summary>
public class CourseNotebookTests
{
    static string CourseFolder => Path.Combine(NotebookFiles.RepoRoot, "notebooks");

    public static TheoryData<string> CourseNotebooks()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(CourseFolder, "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void The_course_has_its_notebooks()
    {
        var names = Directory.GetFiles(CourseFolder, "*.ipynb").Select(Path.GetFileName).ToList();
        Assert.True(names.Count >= 1, $"no notebooks in {CourseFolder}");
        Assert.All(names, n => Assert.Matches(@"^\d\d-[a-z0-9-]+\.ipynb$", n!));
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks))]
    public void Runs_in_smoke_mode_and_validates(string name)
    {
        string source = Path.Combine(CourseFolder, name);
        NotebookFiles.AssertValid(source);
        var notebook = Notebook.Load(source);
        Assert.All(notebook.Cells.Where(c => c.IsCode), c => Assert.Empty(c.Outputs));   // sources are committed clean
        Assert.Single(notebook.Cells, c => c.Tags.Contains("parameters"));

        var result = NotebookRunner.Run(notebook, source, new RunOptions { Smoke = true, CellTimeout = TimeSpan.FromMinutes(5) });
        string written = Path.Combine(NotebookFiles.Artifacts(), name);
        result.Notebook.Save(written);
        Assert.True(result.Status == RunStatus.Completed, $"{name} failed in smoke mode: {result.FirstError}");
        NotebookFiles.AssertValid(written);
    }
}
