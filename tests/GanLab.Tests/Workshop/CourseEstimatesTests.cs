using GanLab.Notebooks;
using GanLab.Notebooks.Execution;
using GanLab.Tests.Notebooks;
using GanLab.Workshop;

namespace GanLab.Tests.Workshop;

public class CourseEstimatesTests
{
    /// <summary>The slow 2-core machine of the issue, capped oneDNN, idle (figures of its kind).</summary>
    internal static MachineSpeed Slow { get; } = new()
    {
        Machine = "test", DcganImagesPerSecond = 320, DcganNarrowImagesPerSecond = 1_200, MsgGanImagesPerSecond = 66,
        ReverseClassifierImagesPerSecond = 1_450, ToyStepsPerSecond = 210, ToyRunStepsPerSecond = 300, FacesPerSecond = 2_900,
        MeasuredAt = DateTime.UnixEpoch, MeasureSeconds = 8,
    };

    static string Course(string name) => Path.Combine(NotebookFiles.RepoRoot, "notebooks", name);

    static NotebookParameters Parameters(string name, bool smoke = false) =>
        new(ParameterInjector.DeclaredDefaults(Notebook.Load(Course(name)), smoke));

    public static TheoryData<string> Notebooks() => new(CourseEstimates.Notebooks);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_course_notebook_is_estimated_from_parameters_it_declares(string name)
    {
        Assert.True(File.Exists(Course(name)), $"the course has no {name}: update CourseEstimates.Notebooks");
        var parameters = Parameters(name);
        var estimate = CourseEstimates.For(name, parameters, Slow);
        Assert.NotNull(estimate);
        Assert.True(estimate!.Seconds > 5, estimate.ToString());
        Assert.Empty(parameters.Missing);   // every knob the estimate reads is still in the notebook's parameters cell
        var smoke = CourseEstimates.For(name, Parameters(name, smoke: true), Slow)!;
        Assert.True(smoke.Seconds < estimate.Seconds, $"smoke {smoke} vs workshop {estimate}");
    }

    [Fact]
    public void Budgeted_notebooks_fit_their_budget_as_the_notebook_computes_it()
    {
        // Notebook 1: 120 s for three models at 64 / 1,450 s per step = 906 steps each.
        var one = CourseEstimates.For("01-reverse-classifier.ipynb", Parameters("01-reverse-classifier.ipynb"), Slow)!;
        var training = one.Parts.Single(p => p.What.Contains("reverse classifiers"));
        Assert.Equal("3 reverse classifiers x 906 steps", training.What);
        Assert.Equal(906 * 3 * 64 / 1_450.0, training.Seconds, 6);
        // Explicit steps win, as in the notebook.
        var given = new NotebookParameters(new Dictionary<string, string>(ParameterInjector.DeclaredDefaults(Notebook.Load(Course("01-reverse-classifier.ipynb")))) { ["Steps"] = "1_000" });
        Assert.Contains(CourseEstimates.For("01-reverse-classifier.ipynb", given, Slow)!.Parts, p => p.What == "3 reverse classifiers x 1,000 steps");
    }

    [Fact]
    public void A_notebook_it_does_not_know_has_no_estimate() =>
        Assert.Null(CourseEstimates.For("99-extra.ipynb", new NotebookParameters(new Dictionary<string, string>()), Slow));

    [Fact]
    public void Parameters_read_as_their_literals_and_record_what_is_missing()
    {
        var p = new NotebookParameters(new Dictionary<string, string> { ["Steps"] = "3_000", ["Lr"] = "2e-4f", ["Flip"] = "true", ["Data"] = "\"faces\"", ["Odd"] = "\"a\\\"b\"" });
        Assert.Equal(3000, p.Int("Steps", 0));
        Assert.Equal(2e-4, p.Double("Lr", 0), 12);
        Assert.True(p.Bool("Flip", false));
        Assert.Equal("faces", p.String("Data", ""));
        Assert.Equal("fallback", p.String("Odd", "fallback"));   // not a plain literal
        Assert.Equal(7, p.Int("Epochs", 7));
        Assert.Equal(new[] { "Epochs" }, p.Missing);
    }
}
