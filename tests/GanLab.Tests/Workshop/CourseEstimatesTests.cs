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

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_course_notebook_fits_five_minutes_on_the_slow_machine(string name)
    {
        var estimate = CourseEstimates.For(name, Parameters(name), Slow)!;
        Assert.True(estimate.Seconds <= 300, $"{name} on the slow machine: {estimate}");
    }

    [Fact]
    public void The_budgets_fit_the_slow_machine_and_a_fast_one_spends_its_spare_time()
    {
        // Notebook 3: 210 s at 64 / 320 s per step, 156 steps per epoch: 6 whole epochs; a machine 3 times as fast fits the ceiling, 20.
        Assert.Contains(Estimate("03-dcgan-faces.ipynb", Slow).Parts, p => p.What == "DCGAN training (6 epochs of 156 steps)");
        Assert.Contains(Estimate("03-dcgan-faces.ipynb", Fast).Parts, p => p.What == "DCGAN training (20 epochs of 156 steps)");
        // Notebook 5: 200 s for 3 seeds of both models, (64 / 320 + 64 / 66) s per step each: 56 steps; the ceiling is 360.
        Assert.Contains(Estimate("05-msg-gan.ipynb", Slow).Parts, p => p.What == "3 MSG-GAN runs x 56 steps");
        Assert.Contains(Estimate("05-msg-gan.ipynb", Fast).Parts, p => p.What == "3 MSG-GAN runs x 173 steps");
        // Notebook 7: 75 s per GAN at 64 / 1,200 s per step holds 1,406 steps: the floor, 1,500; the fast machine the ceiling, 2,000.
        Assert.Contains(Estimate("07-curating-unlabeled.ipynb", Slow).Parts, p => p.What == "2 DCGANs x 1,500 steps");
        Assert.Contains(Estimate("07-curating-unlabeled.ipynb", Fast).Parts, p => p.What == "2 DCGANs x 2,000 steps");
        // Explicit steps win.
        var given = new NotebookParameters(new Dictionary<string, string>(ParameterInjector.DeclaredDefaults(Notebook.Load(Course("03-dcgan-faces.ipynb")))) { ["Epochs"] = "2" });
        Assert.Contains(CourseEstimates.For("03-dcgan-faces.ipynb", given, Slow)!.Parts, p => p.What == "DCGAN training (2 epochs of 156 steps)");
    }

    /// <summary>A machine about 3 times as fast at torch work as <see cref="Slow"/>.</summary>
    static MachineSpeed Fast { get; } = Slow with
    {
        DcganImagesPerSecond = 1_000, DcganNarrowImagesPerSecond = 3_600, MsgGanImagesPerSecond = 200, ReverseClassifierImagesPerSecond = 4_400,
        ToyStepsPerSecond = 250, ToyRunStepsPerSecond = 900,
    };

    static NotebookEstimate Estimate(string name, MachineSpeed speed) => CourseEstimates.For(name, Parameters(name), speed)!;

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
