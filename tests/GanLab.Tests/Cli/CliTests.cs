using System.Text.Json;
using GanLab.Cli;
using static GanLab.Tests.Cli.ConsoleCapture;

namespace GanLab.Tests.Cli;

public class CliTests
{
    [Fact]
    public void Check_prints_versions_device_threads_and_the_fix()
    {
        var (code, output) = Capture(() => GanLabCommandLine.Invoke("check", "--device", "cpu", "--no-speed"));
        Assert.Equal(0, code);
        Assert.Contains("TorchSharp     0.107.0", output);
        Assert.Contains("device         cpu", output);
        Assert.Contains("threads", output);
        Assert.Contains("Debian fix", output);
        Assert.Contains("ones(3).sum() = 3", output);
        Assert.DoesNotContain("speed", output);
    }

    [Fact]
    public void Check_estimates_every_course_notebook_from_the_remembered_speed_and_compares_with_a_run()
    {
        using var cache = new GanLab.Tests.Data.TempDir();
        string? before = Environment.GetEnvironmentVariable(GanLab.Workshop.MachineSpeed.FolderVariable);
        Environment.SetEnvironmentVariable(GanLab.Workshop.MachineSpeed.FolderVariable, cache.Path);
        try
        {
            GanLab.Runtime.TorchRuntime.Init(device: "cpu", quiet: true);
            var slow = GanLab.Tests.Workshop.CourseEstimatesTests.Slow with { Machine = GanLab.Workshop.MachineSpeed.Describe(GanLab.Runtime.TorchRuntime.Current) };
            GanLab.Workshop.MachineSpeed.Remember(slow);
            var (code, output) = Capture(() => GanLabCommandLine.Invoke("check", "--device", "cpu", "--remembered"));
            Assert.Equal(0, code);
            Assert.Contains("DCGAN-32                  320 images/s", output);
            foreach (string name in GanLab.Workshop.CourseEstimates.Notebooks) Assert.Contains(Path.GetFileNameWithoutExtension(name), output);
            Assert.Contains("3 reverse classifiers x 906 steps", output);
            Assert.Contains("the whole course", output);

            // A run's folder: its executed notebook records the parameters it was given and its time.
            string run = cache["run"];
            Directory.CreateDirectory(run);
            var notebook = GanLab.Notebooks.Notebook.Load(Path.Combine(GanLab.Tests.Notebooks.NotebookFiles.RepoRoot, "notebooks", "01-reverse-classifier.ipynb"));
            notebook.Metadata["ganlab"] = new System.Text.Json.Nodes.JsonObject { ["smoke"] = false, ["duration_s"] = 150.0, ["parameters"] = new System.Text.Json.Nodes.JsonObject { ["Steps"] = "500" } };
            notebook.Save(Path.Combine(run, "01-reverse-classifier.ipynb"));
            var (againstCode, against) = Capture(() => GanLabCommandLine.Invoke("check", "--device", "cpu", "--remembered", "--against", run));
            Assert.Equal(0, againstCode);
            var estimate = GanLab.Workshop.CourseEstimates.For("01-reverse-classifier.ipynb", new GanLab.Workshop.NotebookParameters(
                new Dictionary<string, string>(GanLab.Notebooks.Execution.ParameterInjector.DeclaredDefaults(notebook)) { ["Steps"] = "500" }), slow)!;
            Assert.Contains($"01-reverse-classifier   {GanLab.Workshop.StepBudget.Duration(estimate.Seconds),11}{"2 min 30 s",11}{estimate.Seconds / 150,8:F2}", against);
        }
        finally { Environment.SetEnvironmentVariable(GanLab.Workshop.MachineSpeed.FolderVariable, before); }
    }

    [Fact]
    public void Bench_quick_writes_the_dcgan_figure_as_json()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ganlab-bench-{Guid.NewGuid():N}.json");
        try
        {
            var (code, output) = Capture(() => GanLabCommandLine.Invoke("bench", "--quick", "--filter", "train.dcgan32", "--json", path));
            Assert.Equal(0, code);
            Assert.Contains("train.dcgan32.img_per_s", output);
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var figure = json.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "train.dcgan32.img_per_s");
            Assert.Equal("img/s", figure.GetProperty("unit").GetString());
            Assert.True(figure.GetProperty("value").GetDouble() > 1);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Options_without_values_and_bad_numbers_are_usage_errors()
    {
        Assert.Contains("Required argument missing for option: '--json'", Assert.Throws<CliException>(() => GanLabCommandLine.Parse("bench", "--json")).Message);
        Assert.Contains("--seed expects a whole number, got 'x'.", Assert.Throws<CliException>(() => GanLabCommandLine.Parse("check", "--seed", "x")).Message);
        Assert.Contains("--count expects a whole number, got '--size'.", Assert.Throws<CliException>(() => GanLabCommandLine.Parse("train", "--out", "o", "--count", "--size", "32")).Message);
        Assert.Contains("--lr expects a number, got '1,5'.", Assert.Throws<CliException>(() => GanLabCommandLine.Parse("train", "--out", "o", "--lr", "1,5")).Message);
        Assert.Equal(-1, GanLabCommandLine.Parse("train", "--out", "o", "--seed", "-1").GetValue<int?>("--seed"));   // a negative number is a value
        Assert.Equal(2e-4, GanLabCommandLine.Parse("train", "--out", "o", "--lr", "2e-4").GetValue<double?>("--lr"));
    }

    [Fact]
    public void Unknown_commands_options_and_missing_required_options_are_usage_errors_with_a_pointer_to_help()
    {
        var unknownOption = Assert.Throws<CliException>(() => GanLabCommandLine.Parse("export", "--in", "a", "--out", "b", "--half")).Message;
        Assert.Contains("'--half'", unknownOption);
        Assert.Contains("See 'ganlab export --help'.", unknownOption);
        Assert.Contains("'--out' is required", Assert.Throws<CliException>(() => GanLabCommandLine.Parse("train", "--model", "toy2d")).Message);
        Assert.Contains("See 'ganlab --help'.", Assert.Throws<CliException>(() => GanLabCommandLine.Parse("frob")).Message);
        var before = Console.Error;
        Console.SetError(TextWriter.Null);
        try { Assert.Equal(GanLabCommandLine.UsageError, GanLabCommandLine.Run(new[] { "train", "--steps", "ten", "--out", "o" })); }
        finally { Console.SetError(before); }
    }

    [Fact]
    public void Flags_take_no_value_and_leave_the_next_option_alone()
    {
        var train = GanLabCommandLine.Parse("train", "--flip", "--size", "16", "--out", "o");
        Assert.True(train.GetValue<bool>("--flip"));
        Assert.Equal(16, train.GetValue<int?>("--size"));
        var export = GanLabCommandLine.Parse("export", "--generator-only", "--float32", "--in", "a", "--out", "b");
        Assert.True(export.GetValue<bool>("--generator-only") && export.GetValue<bool>("--float32"));
        Assert.Equal("b", export.GetValue<string>("--out"));
    }

    [Fact]
    public void Run_takes_repeated_parameters_and_the_notebook_in_any_order()
    {
        var run = GanLabCommandLine.Parse("run", "-p", "Epochs=5", "notebooks", "--parameter", "Seed=2", "--smoke");
        Assert.Equal(new[] { "Epochs=5", "Seed=2" }, run.GetValue<string[]>("-p"));
        Assert.Equal("notebooks", run.GetValue<string>("NOTEBOOK|FOLDER"));
        Assert.True(run.GetValue<bool>("--smoke"));
    }

    [Fact]
    public void Every_command_and_option_has_help_text_and_help_exits_zero()
    {
        var root = GanLabCommandLine.Create();
        foreach (var command in root.Subcommands.Concat(root.Subcommands.SelectMany(c => c.Subcommands)))
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"ganlab {command.Name} has no description");
            foreach (var option in command.Options.Concat(root.Options))
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"ganlab {command.Name} {option.Name} has no description");
            foreach (var argument in command.Arguments)
                Assert.False(string.IsNullOrWhiteSpace(argument.Description), $"ganlab {command.Name} <{argument.Name}> has no description");
        }
        Assert.Equal(new[] { "check", "bench", "train", "export", "classifier", "run", "kernel", "help", "score", "ablation" }, root.Subcommands.Select(c => c.Name).Take(10));

        var (code, output) = Capture(() => GanLabCommandLine.Invoke("help", "train"));
        Assert.Equal(0, code);
        Assert.Contains("ganlab train [options]", output);
        Assert.Contains("--freeze-d-after <N>", output);
        var (rootCode, overview) = Capture(() => GanLabCommandLine.Invoke());
        Assert.Equal(0, rootCode);
        Assert.Contains("classifier", overview);
    }
}
