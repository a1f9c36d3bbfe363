using System.Text.Json.Nodes;
using GanLab.Notebooks;
using GanLab.Notebooks.Execution;

namespace GanLab.Tests.Notebooks;

public class NotebookFormatTests
{
    [Fact]
    public void Every_source_notebook_in_the_repository_validates_and_has_no_outputs()
    {
        var notebooks = NotebookFiles.SourceNotebooks().ToList();
        Assert.NotEmpty(notebooks);
        foreach (string path in notebooks)
        {
            NotebookFiles.AssertValid(path);
            var notebook = Notebook.Load(path);
            Assert.True(notebook.IsCSharp, $"{path}: kernelspec should be ganlab-csharp or .net-csharp");
            Assert.All(notebook.Cells.Where(c => c.IsCode), c => Assert.Empty(c.Outputs));
        }
    }

    [Fact]
    public void The_course_notebooks_name_GanLabs_kernel_and_keep_their_polyglot_metadata()
    {
        foreach (string path in Directory.GetFiles(Path.Combine(NotebookFiles.RepoRoot, "notebooks"), "*.ipynb"))
        {
            var metadata = Notebook.Load(path).Metadata;
            Assert.Equal("ganlab-csharp", metadata["kernelspec"]!["name"]!.GetValue<string>());
            Assert.Equal("C# (GanLab)", metadata["kernelspec"]!["display_name"]!.GetValue<string>());
            Assert.Equal("C#", metadata["kernelspec"]!["language"]!.GetValue<string>());
            Assert.Equal("csharp", metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
            // the kernel's own language_info: Jupyter Notebook 6 loads a mode named after language_info.name (polyglot-notebook.js: a 404)
            Assert.Equal("C#", metadata["language_info"]!["name"]!.GetValue<string>());
            Assert.Equal("text/x-csharp", metadata["language_info"]!["codemirror_mode"]!.GetValue<string>());
        }
    }

    [Fact]
    public void The_engine_runs_any_csharp_notebook_and_refuses_others()
    {
        static Notebook With(string kernelspec) => Notebook.Parse($$"""{"cells": [], "metadata": {"kernelspec": {{kernelspec}}}, "nbformat": 4, "nbformat_minor": 5}""");
        Assert.True(With("""{"name": "ganlab-csharp", "language": "C#", "display_name": "C# (GanLab)"}""").IsCSharp);
        Assert.True(With("""{"name": ".net-csharp", "language": "C#", "display_name": ".NET (C#)"}""").IsCSharp);
        Assert.True(With("""{"name": "csharp", "language": "csharp", "display_name": "C#"}""").IsCSharp);
        Assert.False(With("""{"name": "python3", "language": "python", "display_name": "Python 3"}""").IsCSharp);
    }

    [Fact]
    public void An_older_notebook_without_ids_is_read_and_written_as_valid_4_5_with_its_metadata_kept()
    {
        const string v44 = """
            {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "text"]},
                       {"cell_type": "code", "execution_count": 3, "metadata": {"dotnet_interactive": {"language": "csharp"}, "custom": {"a": 1}},
                        "outputs": [{"output_type": "stream", "name": "stdout", "text": "hi\n"},
                                    {"output_type": "execute_result", "execution_count": 3, "data": {"text/plain": ["4"]}, "metadata": {}}],
                        "source": "2 + 2"}],
             "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"}, "language_info": {"name": "C#"}},
             "nbformat": 4, "nbformat_minor": 4}
            """;
        var notebook = Notebook.Parse(v44);
        Assert.All(notebook.Cells, c => Assert.Matches("^[0-9a-f]{8}$", c.Id));
        Assert.Equal("csharp", notebook.Cells[1].KernelName(notebook.DefaultKernelName));
        Assert.Equal("# Title\ntext", notebook.Cells[0].Source);
        string path = Path.Combine(NotebookFiles.TempFolder(), "old.ipynb");
        notebook.Save(path);
        NotebookFiles.AssertValid(path);

        var root = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(5, root["nbformat_minor"]!.GetValue<int>());
        Assert.Equal(1, root["cells"]![1]!["metadata"]!["custom"]!["a"]!.GetValue<int>());
        var again = Notebook.Load(path);
        Assert.Equal(notebook.Cells.Select(c => c.Id), again.Cells.Select(c => c.Id));
        Assert.Equal("hi\n", again.Cells[1].Outputs[0].Text);
        Assert.Equal("4", again.Cells[1].Outputs[1].Data["text/plain"]);
        Assert.StartsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",", File.ReadAllText(path)); // Jupyter's one-space indent
    }

    [Fact]
    public void A_new_notebook_carries_the_metadata_Polyglot_Notebooks_writes()
    {
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Code("1 + 1"));
        var json = JsonNode.Parse(notebook.ToJson())!;
        Assert.Equal(".net-csharp", json["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("polyglot-notebook", json["metadata"]!["language_info"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", json["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        Assert.Equal("csharp", json["cells"]![0]!["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
    }

    static void WarmUp()
    {
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Code("1 + 1"));
        NotebookRunner.Run(notebook, Path.Combine(NotebookFiles.TempFolder(), "warm.ipynb"), new RunOptions());
    }

    [Fact]
    public void A_cell_past_the_time_limit_gets_an_error_and_the_notebook_is_written_up_to_it()
    {
        WarmUp(); // compiling the first cell of a process takes seconds: keep that out of the time limit
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Code("Console.WriteLine(\"quick\");"));
        notebook.Cells.Add(NotebookCell.Code("Console.WriteLine(\"slow\");\nSystem.Threading.Thread.Sleep(10_000);"));
        notebook.Cells.Add(NotebookCell.Code("Console.WriteLine(\"never\");"));
        string path = Path.Combine(NotebookFiles.TempFolder(), "slow.ipynb");
        var result = NotebookRunner.Run(notebook, path, new RunOptions { CellTimeout = TimeSpan.FromSeconds(3) }); // generous: a loaded machine compiles slowly
        Assert.Equal(RunStatus.TimedOut, result.Status);
        Assert.Equal(new[] { 1 }, result.ErrorCells);
        var slow = notebook.Cells[1].Outputs;
        Assert.Equal("slow\n", slow[0].Text);
        Assert.Equal("CellTimeoutError", slow[1].EName);
        Assert.Contains("did not finish within 3 s", slow[1].EValue);
        Assert.Empty(notebook.Cells[2].Outputs);
        result.Notebook.Save(path);
        NotebookFiles.AssertValid(path);
    }

    [Fact]
    public void Cancelling_interrupts_the_running_cell()
    {
        WarmUp();
        var notebook = Notebook.CreateCSharp();
        // The cell would sleep far longer than the test: only the interrupt ends it early. The cancel comes from a thread of
        // its own, not a timer, whose callback waits for a thread-pool thread: in a CI run (2 cores, tests beside it) a 2 s
        // cell completed before a 300 ms timer's cancel was seen, likely because the pool was busy.
        notebook.Cells.Add(NotebookCell.Code("System.Threading.Thread.Sleep(60_000);"));
        using var cancel = new CancellationTokenSource();
        var canceller = new Thread(() => { Thread.Sleep(300); cancel.Cancel(); }) { IsBackground = true };
        canceller.Start();
        var result = NotebookRunner.Run(notebook, Path.Combine(NotebookFiles.TempFolder(), "x.ipynb"), new RunOptions(), cancel.Token);
        canceller.Join();
        Assert.Equal(RunStatus.Interrupted, result.Status);
        Assert.Equal(new[] { "Interrupted" }, notebook.Cells[0].Outputs.Select(o => o.EName + o.Text));
    }

    [Fact]
    public void A_dll_referenced_by_path_whose_assembly_is_loaded_is_not_loaded_again()
    {
        // A real second GanLab.dll file on disk: the notebook's #r must still bind to the engine's copy.
        string folder = NotebookFiles.TempFolder();
        File.Copy(typeof(GanLab.Runtime.TorchRuntime).Assembly.Location, Path.Combine(folder, "GanLab.dll"));
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Code("#r \"nuget: TorchSharp, 0.107.0\"\n#r \"GanLab.dll\"\nvar loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == \"GanLab\").Select(a => a.Location).ToList();\nstring.Join(\";\", loaded)"));
        notebook.Cells.Add(NotebookCell.Code("typeof(GanLab.Runtime.TorchRuntime) == Type.GetType(\"GanLab.Runtime.TorchRuntime, GanLab\")"));
        notebook.Cells.Add(NotebookCell.Code("Environment.CurrentDirectory"));
        var result = NotebookRunner.Run(notebook, Path.Combine(folder, "probe.ipynb"), new RunOptions());
        Assert.True(result.Status == RunStatus.Completed, result.FirstError);
        Assert.Equal(typeof(GanLab.Runtime.TorchRuntime).Assembly.Location, notebook.Cells[0].Outputs.Single().Data["text/plain"]);
        Assert.Equal("True", notebook.Cells[1].Outputs.Single().Data["text/plain"]);
        Assert.Equal(folder, notebook.Cells[2].Outputs.Single().Data["text/plain"]); // cells run in the notebook's folder
    }

    [Fact]
    public void Cells_run_on_one_thread_so_thread_local_state_carries_over()
    {
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Code("[ThreadStatic] static int marker;\nmarker = 42;\nvar thread = Environment.CurrentManagedThreadId;"));
        notebook.Cells.Add(NotebookCell.Code("(marker, Environment.CurrentManagedThreadId == thread)"));
        var result = NotebookRunner.Run(notebook, Path.Combine(NotebookFiles.TempFolder(), "t.ipynb"), new RunOptions());
        Assert.True(result.Status == RunStatus.Completed, result.FirstError);
        Assert.Equal("(42, True)", notebook.Cells[1].Outputs.Single().Data["text/plain"]);
    }

    [Fact]
    public void A_package_version_other_than_the_carried_one_is_an_error_saying_which_to_use()
    {
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Code("#r \"nuget: TorchSharp, 0.105.0\""));
        var result = NotebookRunner.Run(notebook, Path.Combine(NotebookFiles.TempFolder(), "v.ipynb"), new RunOptions());
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Contains("Use #r \"nuget: TorchSharp, 0.107.0\"", notebook.Cells[0].Outputs.Single().EValue);
    }
}
