using System.Text.RegularExpressions;
using GanLab.Cli;
using GanLab.Cli.Commands;
using GanLab.Notebooks;

namespace GanLab.Tests.Notebooks;

/// <summary><c>ganlab run ... --html</c> end to end, and the page checked in headless Chromium.</summary>
public class CourseBookTests
{
    static int Run(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetError(TextWriter.Null);
        try { return GanLabCommandLine.Invoke(args); }
        finally { Console.SetOut(stdout); Console.SetError(stderr); }
    }

    [Fact]
    public async Task The_book_page_is_offline_escapes_text_and_draws_the_plotly_chart_in_chromium()
    {
        string outDir = NotebookFiles.TempFolder();
        Assert.Equal(0, Run("run", NotebookFiles.TestNotebook("book.ipynb"), "--out", outDir, "--html"));
        NotebookFiles.AssertValid(Path.Combine(outDir, "book.ipynb"));
        // In the notebook, GanLab's first chart of the run carries plotly.js (for offline VS Code), in an output of its
        // own just before the chart (so updating a live chart never drops it); the second chart does not.
        var charts = Notebook.Load(Path.Combine(outDir, "book.ipynb")).Cells.Where(c => c.Source.Contains("Plots.Curves", StringComparison.Ordinal))
            .Select(c => c.Outputs.Select(o => o.Data["text/html"]).ToList()).ToList();
        Assert.Equal(2, charts[0].Count);
        Assert.StartsWith("<script type=\"text/javascript\" data-ganlab-plotly=", charts[0][0]);
        Assert.EndsWith("</script>", charts[0][0]);
        Assert.Single(charts[1]);
        Assert.All(new[] { charts[0][1], charts[1][0] }, chart =>
        {
            Assert.Contains("Plotly.newPlot", chart);
            Assert.DoesNotContain(GanLab.Display.PlotlyJs.MarkerAttribute, chart);
        });
        string pagePath = Path.Combine(outDir, "book.html");
        string page = File.ReadAllText(pagePath);
        Assert.Contains("<a href=\"book.html\">A page of the course book</a>", File.ReadAllText(Path.Combine(outDir, "index.html")));

        // Text outputs are escaped; plotly.js is inline, once; nothing is referenced by network address.
        Assert.Contains("&lt;script&gt;document.title = &quot;pwned&quot;&lt;/script&gt;", page);
        Assert.Single(Regex.Matches(page, Regex.Escape("* plotly.js v2.28.0")));   // once per page, whatever the outputs carried
        Assert.DoesNotMatch(@"(src|href)\s*=\s*[""']?(https?:)?//", page.Replace(GanLab.Display.PlotlyJs.Script, ""));
        Assert.Contains("<table>", page); // markdown rendered

        var report = await HeadlessChromium.Open(pagePath,
            "JSON.stringify({ title: document.title, svgs: document.querySelectorAll('.js-plotly-plot .main-svg').length, " +
            "charts: document.querySelectorAll('.js-plotly-plot').length, points: document.querySelectorAll('.js-plotly-plot .scatterlayer .point').length, figures: document.querySelectorAll('figure.ganlab-grid figcaption').length })");
        File.WriteAllBytes(Path.Combine(NotebookFiles.Artifacts(), "book-page.png"), report.Screenshot);

        Assert.Empty(report.Failures);
        Assert.Empty(report.Errors);
        Assert.All(report.Requests, url => Assert.True(url.StartsWith("file://", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), $"the page requested {url}"));
        var seen = System.Text.Json.Nodes.JsonNode.Parse(report.Value!.GetValue<string>())!;
        Assert.Equal("A page of the course book", seen["title"]!.GetValue<string>()); // the printed <script> did not run
        Assert.True(seen["svgs"]!.GetValue<int>() >= 1, "plotly drew no chart");
        Assert.Equal(3, seen["charts"]!.GetValue<int>());
        Assert.Equal(6, seen["points"]!.GetValue<int>());                   // the Plotly.NET chart's markers
        Assert.Equal(1, seen["figures"]!.GetValue<int>());
        Assert.True(report.Screenshot.Length > 10_000);
    }

    [Fact]
    public void Run_exits_non_zero_on_errors_and_never_overwrites_a_source_unless_asked()
    {
        string outDir = NotebookFiles.TempFolder();
        Assert.Equal(1, Run("run", NotebookFiles.TestNotebook("errors.ipynb"), "--out", outDir));
        var written = Notebook.Load(Path.Combine(outDir, "errors.ipynb"));
        Assert.Contains(written.Cells.SelectMany(c => c.Outputs), o => o.OutputType == "error");

        string copy = Path.Combine(outDir, "errors.ipynb");
        var refused = Assert.Throws<CliException>(() => Run("run", copy, "--out", outDir));
        Assert.Contains("would overwrite the source", refused.Message);
    }

    [Fact]
    public void A_folder_run_gives_each_notebook_the_knobs_it_declares_and_rejects_a_name_none_declares()
    {
        string folder = NotebookFiles.TempFolder(), outDir = NotebookFiles.TempFolder();
        foreach (string name in new[] { "parameters.ipynb", "state-and-display.ipynb" })
            File.Copy(NotebookFiles.TestNotebook(name), Path.Combine(folder, name));
        Assert.Equal(0, Run("run", folder, "--out", outDir, "-p", "Epochs=3"));
        var injected = Notebook.Load(Path.Combine(outDir, "parameters.ipynb")).Cells.Single(c => c.HasTag("injected-parameters"));
        Assert.Contains("Epochs = 3;", injected.Source);
        Assert.DoesNotContain(Notebook.Load(Path.Combine(outDir, "state-and-display.ipynb")).Cells, c => c.HasTag("injected-parameters"));

        var typo = Assert.Throws<CliException>(() => Run("run", folder, "--out", outDir, "-p", "Epoch=3"));
        Assert.Contains("no notebook", typo.Message);
        Assert.Contains("'Epoch'", typo.Message);
    }
}
