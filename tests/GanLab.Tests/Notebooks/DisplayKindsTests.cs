using System.Text.Json.Nodes;
using GanLab.Cli;
using GanLab.Cli.Commands;
using GanLab.Notebooks;

namespace GanLab.Tests.Notebooks;

/// <summary>
/// Every kind of display the course uses, made in a notebook cell, run by the engine, published in the course book
/// and drawn by headless Chromium with no network: image grids, curves, an embedding with hover thumbnails, the toy
/// GAN picture animated over snapshots, a live training view, and charts made with Plotly.NET and XPlot.Plotly.
/// </summary>
public class DisplayKindsTests
{
    [Fact]
    public async Task Every_display_kind_renders_in_the_book_offline()
    {
        string outDir = NotebookFiles.TempFolder();
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetError(TextWriter.Null);
        int code;
        try { code = GanLabCommandLine.Invoke("run", NotebookFiles.TestNotebook("display-kinds.ipynb"), "--out", outDir, "--html"); }
        finally { Console.SetOut(stdout); Console.SetError(stderr); }
        var executed = Notebook.Load(Path.Combine(outDir, "display-kinds.ipynb"));
        string errors = string.Join("\n", executed.Cells.SelectMany(c => c.Outputs).Where(o => o.OutputType == "error").Select(o => o.Text));
        Assert.True(code == 0, errors);
        NotebookFiles.AssertValid(Path.Combine(outDir, "display-kinds.ipynb"));

        // The live view kept its final state: 8 steps done.
        string live = executed.Cells.Single(c => c.Id == "kinds-live").Outputs.First().Data["text/plain"];
        Assert.StartsWith("tiny DCGAN: step 8,", live);

        var report = await HeadlessChromium.Open(Path.Combine(outDir, "display-kinds.html"),
            "JSON.stringify({ charts: document.querySelectorAll('.js-plotly-plot').length, " +
            "drawn: Array.from(document.querySelectorAll('.js-plotly-plot')).filter(p => p.querySelector('.main-svg')).length, " +
            "sliders: document.querySelectorAll('.js-plotly-plot .slider-container').length, " +
            "frames: Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => (p._transitionData && p._transitionData._frames || []).length).reduce((a, b) => Math.max(a, b), 0), " +
            "heatmaps: document.querySelectorAll('.js-plotly-plot .hm, .js-plotly-plot image').length, " +
            "hoverImages: document.querySelectorAll('img[id$=\"-hover\"]').length, " +
            "grids: document.querySelectorAll('figure.ganlab-grid img').length })", height: 3600);
        File.WriteAllBytes(Path.Combine(NotebookFiles.Artifacts(), "display-kinds.png"), report.Screenshot);

        Assert.Empty(report.Failures);
        Assert.Empty(report.Errors);
        Assert.All(report.Requests, url => Assert.True(url.StartsWith("file://", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), $"the page requested {url}"));
        var seen = JsonNode.Parse(report.Value!.GetValue<string>())!;
        // curves, embedding, animation, live view's two charts, Plotly.NET, XPlot
        Assert.Equal(7, seen["charts"]!.GetValue<int>());
        Assert.Equal(7, seen["drawn"]!.GetValue<int>());
        Assert.Equal(1, seen["sliders"]!.GetValue<int>());
        Assert.True(seen["frames"]!.GetValue<int>() >= 3, $"animation frames: {seen["frames"]}");
        Assert.True(seen["heatmaps"]!.GetValue<int>() >= 1, "the toy GAN's D surface was not drawn");
        Assert.Equal(1, seen["hoverImages"]!.GetValue<int>());
        Assert.Equal(2, seen["grids"]!.GetValue<int>());   // the grid cell and the live view's snapshot
    }
}
