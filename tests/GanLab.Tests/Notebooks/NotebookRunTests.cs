using GanLab.Notebooks;
using GanLab.Notebooks.Execution;

namespace GanLab.Tests.Notebooks;

/// <summary>Runs the small notebooks in this folder end to end through the engine and checks what the kernel would produce.</summary>
public class NotebookRunTests
{
    static RunResult Run(string name, RunOptions? options = null)
    {
        string source = NotebookFiles.TestNotebook(name);
        var result = NotebookRunner.Run(Notebook.Load(source), source, options ?? new RunOptions());
        string written = Path.Combine(NotebookFiles.TempFolder(), name);
        result.Notebook.Save(written);
        NotebookFiles.AssertValid(written);
        return result;
    }

    static NotebookCell CodeCell(Notebook notebook, string startsWith) =>
        notebook.Cells.Single(c => c.IsCode && c.Source.StartsWith(startsWith, StringComparison.Ordinal));

    [Fact]
    public void State_carries_across_cells_and_outputs_are_the_kernels()
    {
        var result = Run("state-and-display.ipynb");
        Assert.True(result.Status == RunStatus.Completed, result.FirstError);
        var nb = result.Notebook;
        Assert.All(nb.Cells.Where(c => !c.IsCode), c => Assert.Null(c.ExecutionCount));
        Assert.Equal(Enumerable.Range(1, nb.Cells.Count(c => c.IsCode)), nb.Cells.Where(c => c.IsCode).Select(c => c.ExecutionCount!.Value));

        var stdout = CodeCell(nb, "var x = 20;").Outputs.Single();
        Assert.Equal(("stream", "stdout", "x is 20\n"), (stdout.OutputType, stdout.Name, stdout.Text));

        var result42 = CodeCell(nb, "x * 2 + 2").Outputs.Single();
        Assert.Equal("execute_result", result42.OutputType);
        Assert.Equal("<div class=\"dni-plaintext\"><pre>42</pre></div>", result42.Data["text/html"]);
        Assert.Equal("42", result42.Data["text/plain"]);

        // A string result is text/plain only; stderr is its own stream.
        var printed = CodeCell(nb, "Console.WriteLine(\"<script>").Outputs;
        Assert.Equal(new[] { "stdout", "stderr" }, printed.Where(o => o.OutputType == "stream").Select(o => o.Name));
        Assert.Equal(new[] { "text/plain" }, printed.Single(o => o.OutputType == "execute_result").Data.Keys);

        var timed = CodeCell(nb, "#!time").Outputs.Single();
        Assert.Matches(@"^Wall time: [0-9.]+ms$", timed.Data["text/plain"]);
    }

    [Fact]
    public void Display_update_replaces_the_output_also_from_a_later_cell()
    {
        var nb = Run("state-and-display.ipynb").Notebook;
        var outputs = CodeCell(nb, "var progress = display(").Outputs;
        Assert.Equal(new[] { "display_data", "stream" }, outputs.Select(o => o.OutputType));
        Assert.Equal("training: done", outputs[0].Data["text/plain"]);   // the final state, set by the next cell
        Assert.Empty(CodeCell(nb, "progress.Update(").Outputs);
    }

    [Fact]
    public void GanLab_types_render_through_the_by_name_formatter_convention()
    {
        var nb = Run("state-and-display.ipynb").Notebook;
        var grid = CodeCell(nb, "manual_seed(3);").Outputs.Single();
        Assert.Equal("execute_result", grid.OutputType);
        Assert.StartsWith("<figure class=\"ganlab-grid\"", grid.Data["text/html"]);
        Assert.Contains("<figcaption", grid.Data["text/html"]);
        Assert.Contains("four random images, seed 3", grid.Data["text/html"]);
        Assert.Contains("data:image/png;base64,iVBORw0KGgo", grid.Data["text/html"]);
        Assert.Equal("four random images, seed 3 (4 images, 22x22 px)", grid.Data["text/plain"]);

        var png = CodeCell(nb, "display(Show.Image(").Outputs.Single();
        Assert.Equal(new[] { "image/png" }, png.Data.Keys);
        byte[] bytes = Convert.FromBase64String(png.Data["image/png"]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public void Ganlab_dll_by_path_is_the_loaded_copy()
    {
        var nb = Run("state-and-display.ipynb").Notebook;
        string text = CodeCell(nb, "var ganLabs").Outputs.Single().Data["text/plain"];
        Assert.Equal($"1 GanLab assembly, from {typeof(GanLab.Runtime.TorchRuntime).Assembly.Location}", text);
    }

    [Fact]
    public void A_runtime_error_names_the_cell_and_line_and_stops_the_run()
    {
        var result = Run("errors.ipynb");
        Assert.Equal(RunStatus.Failed, result.Status);
        var nb = result.Notebook;
        var failing = CodeCell(nb, "var items");
        Assert.Equal(new[] { nb.Cells.IndexOf(failing) }, result.ErrorCells);
        var error = failing.Outputs.Single();
        Assert.Equal(("error", "System.InvalidOperationException", "Sequence contains no elements"), (error.OutputType, error.EName, error.EValue));
        Assert.Contains($"in cell 3 (id {failing.Id}), line 3:", error.Traceback);
        Assert.Contains("  3 | var first = items.First();", error.Traceback);
        Assert.Equal($"cell 3 (id {failing.Id}), line 3: System.InvalidOperationException: Sequence contains no elements", result.FirstError);
        // Later cells did not run.
        Assert.All(nb.Cells.Skip(nb.Cells.IndexOf(failing) + 1), c => Assert.Empty(c.Outputs));
        Assert.All(nb.Cells.Skip(nb.Cells.IndexOf(failing) + 1), c => Assert.Null(c.ExecutionCount));
    }

    [Fact]
    public void With_allow_errors_the_run_goes_on_and_compile_errors_and_other_languages_are_reported()
    {
        var result = Run("errors.ipynb", new RunOptions { AllowErrors = true });
        Assert.Equal(RunStatus.Failed, result.Status);
        var nb = result.Notebook;
        var compile = CodeCell(nb, "Console.WriteLine(Half(10));");
        // State defined before the failing cell survives it; the compile error stops this cell before it prints.
        Assert.Equal("(2,9): error CS0103: The name 'undefinedName' does not exist in the current context\n", compile.Outputs[0].Text);
        var error = compile.Outputs[1];
        Assert.Equal("CompilationError", error.EName);
        Assert.Equal($"cell 4 (id {compile.Id}), line 2: error CS0103: The name 'undefinedName' does not exist in the current context", error.EValue);
        Assert.Equal($"Compilation error in cell 4 (id {compile.Id}), line 2, column 9:", error.Traceback[0]);
        Assert.Equal("still running\n", CodeCell(nb, "Console.WriteLine(\"still running\")").Outputs.Single().Text);
        var fsharp = nb.Cells.Last().Outputs.Single();
        Assert.Equal("UnsupportedLanguage", fsharp.EName);
        Assert.Contains("'fsharp' cell", fsharp.EValue);
        Assert.Equal(3, result.ErrorCells.Count);
    }

    [Fact]
    public void Parameters_are_injected_after_the_parameters_cell_typed_like_their_declarations()
    {
        var result = Run("parameters.ipynb", new RunOptions { Parameters = new[] { KeyValuePair.Create("LearningRate", "0.001"), KeyValuePair.Create("Flip", "false"), KeyValuePair.Create("Seed", "7") } });
        var nb = result.Notebook;
        int parameters = nb.Cells.FindIndex(c => c.HasTag("parameters"));
        var injected = nb.Cells[parameters + 1];
        Assert.True(injected.HasTag("injected-parameters"));
        Assert.Equal("// Parameters injected by ganlab run\nLearningRate = 0.001f;\nFlip = false;\nSeed = 7;", injected.Source);
        Assert.Equal("Epochs=20 LearningRate=0.001 Dataset=faces Flip=False Seed=7\n", nb.Cells[parameters + 2].Outputs.Single().Text);
    }

    [Fact]
    public void Smoke_mode_injects_the_smoke_comments_and_p_wins_over_them()
    {
        var result = Run("parameters.ipynb", new RunOptions { Smoke = true, Parameters = new[] { KeyValuePair.Create("Dataset", "celeba") } });
        var nb = result.Notebook;
        Assert.Single(nb.Cells, c => c.HasTag("injected-parameters"));
        Assert.Equal("Epochs=1 LearningRate=0.0002 Dataset=celeba Flip=True Seed=42\n", nb.Cells.Last().Outputs.Single().Text);
        Assert.Equal("1", nb.Metadata["ganlab"]!["parameters"]!["Epochs"]!.GetValue<string>());
    }

    [Fact]
    public void Unknown_parameters_and_values_that_do_not_fit_are_clear_errors()
    {
        string source = NotebookFiles.TestNotebook("parameters.ipynb");
        var unknown = Assert.Throws<ArgumentException>(() => NotebookRunner.Run(Notebook.Load(source), source, new RunOptions { Parameters = new[] { KeyValuePair.Create("Epoch", "3") } }));
        Assert.Contains("declares no 'Epoch'", unknown.Message);
        var badInt = Assert.Throws<ArgumentException>(() => NotebookRunner.Run(Notebook.Load(source), source, new RunOptions { Parameters = new[] { KeyValuePair.Create("Epochs", "2.5") } }));
        Assert.Contains("Epochs is int, and '2.5' is not a whole number", badInt.Message);
    }

    [Fact]
    public void A_package_no_feed_has_is_an_error_naming_it_and_the_run_stops_there()
    {
        // The only feed is an empty local folder: the restore finds nothing (and needs no network).
        string folder = NotebookFiles.TempFolder();
        using var _ = new EnvironmentVariables(
            (PackageRestore.ConfigVariable, PackageRestoreTests.Config(folder, Directory.CreateDirectory(Path.Combine(folder, "feed")).FullName)),
            ("NUGET_PACKAGES", Path.Combine(folder, "packages")));
        var result = Run("unknown-package.ipynb");
        Assert.Equal(RunStatus.Failed, result.Status);
        var error = result.Notebook.Cells[1].Outputs.Single();
        Assert.Equal("DirectiveError", error.EName);
        Assert.StartsWith("Could not restore Humanizer.Core 2.14.1: no such package in the configured feeds", error.EValue);
        Assert.Equal("  1 | #r \"nuget: Humanizer.Core, 2.14.1\"", error.Traceback[1]);
    }
}
