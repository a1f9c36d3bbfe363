using GanLab.Notebooks;
using GanLab.Notebooks.Execution;

namespace GanLab.Tests.Notebooks;

/// <summary>
/// Every course notebook in notebooks/ runs end to end in smoke mode through the engine (as CI runs the course),
/// and both the source and the executed copy validate against the nbformat schema.
/// </summary>
public class CourseNotebookTests
{
    static string CourseFolder => CourseRuns.Folder;

    public static TheoryData<string> CourseNotebooks() => CourseRuns.TheoryData();

    [Fact]
    public void The_course_has_its_notebooks()
    {
        var names = Directory.GetFiles(CourseFolder, "*.ipynb").Select(Path.GetFileName).ToList();
        Assert.True(names.Count >= 1, $"no notebooks in {CourseFolder}");
        Assert.All(names, n => Assert.Matches(@"^\d\d-[a-z0-9-]+\.ipynb$", n!));
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks))]
    public void Names_GanLabs_kernel_for_Jupyter_and_VS_Code_and_keeps_its_Polyglot_metadata(string name)
    {
        var metadata = Notebook.Load(Path.Combine(CourseFolder, name)).Metadata;
        // VS Code picks the kernel whose folder name and display name match (kernelRanking/helpers.ts), Jupyter by name.
        var kernelspec = metadata["kernelspec"]!;
        Assert.Equal((GanLab.Kernel.CSharpKernel.Name, GanLab.Kernel.KernelSpec.DisplayName, "C#"),
            (kernelspec["name"]?.GetValue<string>(), kernelspec["display_name"]?.GetValue<string>(), kernelspec["language"]?.GetValue<string>()));
        // The kernel's language_info, so a front end that has not started the kernel yet highlights C#.
        var language = metadata["language_info"]!;
        Assert.Equal(("C#", "text/x-csharp", ".cs", "csharp", "text/x-csharp"),
            (language["name"]?.GetValue<string>(), language["mimetype"]?.GetValue<string>(), language["file_extension"]?.GetValue<string>(),
             language["pygments_lexer"]?.GetValue<string>(), language["codemirror_mode"]?.GetValue<string>()));
        // Polyglot Notebooks still opens it in its C# kernel.
        Assert.Equal("csharp", metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>());
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

        var result = CourseRuns.EngineSmoke(name);
        string written = Path.Combine(NotebookFiles.Artifacts(), name);
        result.Notebook.Save(written);
        Assert.True(result.Status == RunStatus.Completed, $"{name} failed in smoke mode: {result.FirstError}");
        NotebookFiles.AssertValid(written);
    }
}
