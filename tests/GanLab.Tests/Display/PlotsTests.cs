using System.Text.Json.Nodes;
using GanLab.Display;
using GanLab.Runtime;
using GanLab.Training;
using TorchSharp;

namespace GanLab.Tests.Display;

public class PlotsTests
{
    public PlotsTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    static JsonObject Json(Figure f) => JsonNode.Parse(f.ToJson())!.AsObject();

    [Fact]
    public void Curves_have_a_title_axis_labels_and_one_trace_per_series()
    {
        var f = Plots.Curves("Losses", "step", "loss", new Series("D", new double[] { 1, 2 }, new double[] { 0.5, double.NaN }), new Series("G", new double[] { 1, 2 }, new double[] { 1, 2 }));
        var json = Json(f);
        Assert.Equal("Losses", (string?)json["layout"]!["title"]!["text"]);
        Assert.Equal("step", (string?)json["layout"]!["xaxis"]!["title"]!["text"]);
        Assert.Equal("loss", (string?)json["layout"]!["yaxis"]!["title"]!["text"]);
        Assert.Equal(new[] { "D", "G" }, json["data"]!.AsArray().Select(t => (string?)t!["name"]));
        Assert.Null(json["data"]![0]!["y"]![1]);   // NaN is a gap, not a zero
    }

    [Fact]
    public void Embedding_groups_points_by_label_and_carries_one_hover_image_per_point()
    {
        var points = torch.tensor(new float[] { 0, 0, 1, 1, 2, 2 }).view(3, 2);
        var f = Plots.Embedding(points, "t-SNE", new[] { "smile", "frown", "smile" }, torch.zeros(3, 3, 4, 4));
        var traces = Json(f)["data"]!.AsArray();
        Assert.Equal(new[] { "frown", "smile" }, traces.Select(t => (string?)t!["name"]));
        Assert.Equal(new[] { 0, 2 }, traces[1]!["customdata"]!.AsArray().Select(v => (int)v!));
        Assert.Equal(3, f.HoverImages.Count);
        Assert.All(f.HoverImages, uri => Assert.StartsWith("data:image/png;base64,", uri));
        Assert.Contains("plotly_hover", f.ToHtml(false));
        Assert.Throws<ArgumentException>(() => Plots.Embedding(torch.zeros(3, 3), "bad"));
        Assert.Throws<ArgumentException>(() => Plots.Embedding(points, "bad", new[] { "a" }));
    }

    [Fact]
    public void ToyGan_draws_the_surface_under_real_and_generated_points()
    {
        var f = Plots.ToyGan(torch.zeros(5, 2), torch.ones(7, 2), torch.full(4, 4, 0.5f), (-2, 2), "ring");
        var traces = Json(f)["data"]!.AsArray();
        Assert.Equal(new[] { "heatmap", "scatter", "scatter" }, traces.Select(t => (string?)t!["type"]));
        Assert.Equal(4, traces[0]!["z"]!.AsArray().Count);
        Assert.Equal(-2.0, (double)traces[0]!["x"]![0]!);
        Assert.Equal(2.0, (double)traces[0]!["x"]![3]!);
        Assert.Equal(5, traces[1]!["x"]!.AsArray().Count);
        Assert.Equal(7, traces[2]!["x"]!.AsArray().Count);
    }

    [Fact]
    public void Animate_makes_one_frame_and_one_slider_step_per_snapshot()
    {
        var frames = Enumerable.Range(0, 3).Select(k => ($"step {k}", Plots.ToyGan(torch.zeros(2, 2), torch.full(2, 2, (float)k), null, (-1, 1), "f"))).ToList();
        var json = Json(Plots.Animate("over training", frames));
        Assert.Equal(3, json["frames"]!.AsArray().Count);
        Assert.Equal("step 2", (string?)json["frames"]![2]!["name"]);
        Assert.Equal(2.0, (double)json["frames"]![2]!["data"]![1]!["x"]![0]!);
        Assert.Equal(3, json["layout"]!["sliders"]![0]!["steps"]!.AsArray().Count);
        Assert.Equal("over training", (string?)json["layout"]!["title"]!["text"]);
        Assert.Throws<ArgumentException>(() => Plots.Animate("empty", Array.Empty<(string, Figure)>()));
    }

    [Fact]
    public void Animate_opens_on_the_frame_asked_for()
    {
        var frames = Enumerable.Range(0, 3).Select(k => ($"step {k}", Plots.ToyGan(torch.zeros(2, 2), torch.full(2, 2, (float)k), null, (-1, 1), "f"))).ToList();
        var json = Json(Plots.Animate("over training", frames, active: 1));
        Assert.Equal(1, (int)json["layout"]!["sliders"]![0]!["active"]!);
        Assert.Equal(1.0, (double)json["data"]![1]!["x"]![0]!);   // the figure shows frame 1's traces until the slider moves
        Assert.Throws<ArgumentOutOfRangeException>(() => Plots.Animate("bad", frames, active: 3));
    }

    [Fact]
    public void ImageSlider_makes_one_frame_per_row_of_images_with_a_caption_under_each()
    {
        var frames = new[] { -1f, 0f, 1f }.Select(v => ($"{v}", torch.full(new long[] { 2, 3, 8, 8 }, v), (IReadOnlyList<string>)new[] { $"glasses\n{v}", "<smile>" })).ToList();
        var json = Json(Plots.ImageSlider("one face, edited", frames, (-1, 1), scale: 2, active: 1));
        Assert.Equal(3, json["frames"]!.AsArray().Count);
        Assert.Equal(1, (int)json["layout"]!["sliders"]![0]!["active"]!);
        var traces = json["frames"]![2]!["data"]!.AsArray();
        Assert.Equal(new[] { "image", "scatter" }, traces.Select(t => (string?)t!["type"]));
        Assert.StartsWith("data:image/png;base64,", (string?)traces[0]!["source"]);
        Assert.NotEqual((string?)json["frames"]![0]!["data"]![0]!["source"], (string?)traces[0]!["source"]);   // each frame carries its own picture
        Assert.Equal(new[] { "glasses<br>1", "&lt;smile&gt;" }, traces[1]!["text"]!.AsArray().Select(t => (string?)t));
        // Captions sit under the centres of the two enlarged 8x8 tiles (padding 2): x = 2 · (2 + 4) and 2 · (2 + 10 + 4).
        Assert.Equal(new[] { 12.0, 32.0 }, traces[1]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Throws<ArgumentException>(() => Plots.ImageSlider("bad", new[] { ("0", torch.zeros(2, 3, 8, 8), (IReadOnlyList<string>)new[] { "one caption" }) }));
    }

    [Fact]
    public void Training_curves_smooth_the_history()
    {
        var history = Enumerable.Range(1, 4).Select(i => new TrainingStep { Step = i, LossD = i, LossG = 10 * i, DReal = 0.9f, DFake = 0.1f, DFakeAfter = 0.2f, GradNormD = 1, GradNormG = 1, Seconds = 0.01 }).ToList();
        var traces = Json(Plots.Losses(history, "run", smooth: 2))["data"]!.AsArray();
        // raw and smoothed for each of loss D and loss G
        Assert.Equal(new[] { "loss D (raw)", "loss D", "loss G (raw)", "loss G" }, traces.Select(t => (string?)t!["name"]));
        Assert.Equal(new[] { 1.0, 1.5, 2.5, 3.5 }, traces[1]!["y"]!.AsArray().Select(v => (double)v!));
        Assert.Equal("run: D(x) and D(G(z))", (string?)Json(Plots.DiscriminatorScores(history, "run"))["layout"]!["title"]!["text"]);
    }

    [Fact]
    public void Html_carries_plotly_js_only_when_asked_and_never_a_network_address()
    {
        var f = Plots.Curves("c", "x", "y", new Series("s", new double[] { 1 }, new double[] { 1 }));
        string with = f.ToHtml(true), without = f.ToHtml(false);
        Assert.Contains(PlotlyJs.MarkerAttribute, with);
        Assert.DoesNotContain(PlotlyJs.MarkerAttribute, without);
        Assert.DoesNotContain("cdn.plot.ly", without);
        Assert.DoesNotContain("src=\"http", with);
        Assert.True(with.Length > 3_000_000 && without.Length < 10_000);
    }

    [Fact]
    public void GanLab_and_the_engine_carry_the_same_plotly_js_under_the_same_marker_and_session_claim()
    {
        // Neither references the other (the engine runs any C# notebook; GanLab runs in .NET Interactive too), so the
        // convention that gives a session one copy of plotly.js, whoever draws first, is written twice: it must agree.
        Assert.Equal(GanLab.Notebooks.Display.PlotlyScript.MarkerAttribute, PlotlyJs.MarkerAttribute);
        Assert.Equal(GanLab.Notebooks.Display.PlotlyScript.ClaimKey, PlotlyJs.ClaimKey);
        Assert.Equal(GanLab.Notebooks.Display.PlotlyScript.ScriptElement, PlotlyJs.ScriptElement);
        Assert.Matches(@"^\d+\.\d+\.\d+$", PlotlyJs.Version);
    }

    [Fact]
    public void A_Plotly_NET_chart_is_shown_with_its_traces()
    {
        var trace = new Plotly.NET.Trace2D("scatter");
        trace.SetProperty("name", "loss");
        trace.SetProperty("x", new[] { 1, 2, 3 });
        trace.SetProperty("y", new[] { 3, 1, 2 });
        var f = Figure.From(Plotly.NET.GenericChart.ofTraceObject(true, trace));
        var shown = Json(f)["data"]!.AsArray().Single()!;
        Assert.Equal("loss", (string?)shown["name"]);
        Assert.Equal(3, shown["y"]!.AsArray().Count);
    }
}
