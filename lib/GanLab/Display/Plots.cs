using System.Text.Json.Nodes;
using GanLab.Imaging;
using GanLab.Training;
using static TorchSharp.torch;

namespace GanLab.Display;

/// <summary>One named line of a chart: x and y values.</summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>
/// The course's charts, each a <see cref="Figure"/> with a title and axis labels: curves (losses, metrics),
/// 2-D embeddings coloured by a label with image thumbnails on hover, the 2-D toy GAN picture, and animations.
/// </summary>
public static class Plots
{
    /// <summary>Lines over a shared kind of x (steps, epochs): losses, D(x) and D(G(z)), metrics.</summary>
    public static Figure Curves(string title, string xLabel, string yLabel, params Series[] series)
    {
        var figure = new Figure(title, xLabel, yLabel);
        foreach (var s in series)
            figure.Add(new JsonObject { ["type"] = "scatter", ["mode"] = "lines", ["name"] = s.Name, ["x"] = Array(s.X), ["y"] = Array(s.Y) });
        return figure;
    }

    /// <summary>D's and G's losses per step (a moving average over <paramref name="smooth"/> steps, raw values faint).</summary>
    public static Figure Losses(IReadOnlyList<TrainingStep> history, string title = "", int smooth = 25) =>
        HistoryCurves(history, Join(title, "losses"), "loss", smooth, ("loss D", s => s.LossD), ("loss G", s => s.LossG));

    /// <summary>D(x) and D(G(z)) before D's update, per step: the two numbers that tell a GAN's health.</summary>
    public static Figure DiscriminatorScores(IReadOnlyList<TrainingStep> history, string title = "", int smooth = 25) =>
        HistoryCurves(history, Join(title, "D(x) and D(G(z))"), "D's score", smooth, ("D(x)", s => s.DReal), ("D(G(z))", s => s.DFake));

    static string Join(string title, string what) => string.IsNullOrEmpty(title) ? what : $"{title}: {what}";

    static Figure HistoryCurves(IReadOnlyList<TrainingStep> history, string title, string yLabel, int smooth, params (string Name, Func<TrainingStep, float> Value)[] series)
    {
        var figure = new Figure(title, "step", yLabel, height: 320);
        var x = history.Select(s => (double)s.Step).ToList();
        string[] colours = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728" };
        for (int k = 0; k < series.Length; k++)
        {
            var raw = history.Select(s => (double)series[k].Value(s)).ToList();
            figure.Add(new JsonObject { ["type"] = "scatter", ["mode"] = "lines", ["name"] = series[k].Name + " (raw)", ["x"] = Array(x), ["y"] = Array(raw),
                ["line"] = new JsonObject { ["color"] = colours[k % 4], ["width"] = 1 }, ["opacity"] = 0.25, ["showlegend"] = false });
            figure.Add(new JsonObject { ["type"] = "scatter", ["mode"] = "lines", ["name"] = series[k].Name, ["x"] = Array(x), ["y"] = Array(MovingAverage(raw, smooth)),
                ["line"] = new JsonObject { ["color"] = colours[k % 4], ["width"] = 2 } });
        }
        return figure;
    }

    static List<double> MovingAverage(IReadOnlyList<double> values, int window)
    {
        var result = new List<double>(values.Count);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (double.IsFinite(values[i])) { sum += values[i]; count++; }
            int drop = i - Math.Max(window, 1);
            if (drop >= 0 && double.IsFinite(values[drop])) { sum -= values[drop]; count--; }
            result.Add(count > 0 ? sum / count : double.NaN);
        }
        return result;
    }

    /// <summary>
    /// Points (N, 2), e.g. a t-SNE of latent codes, one colour per label; hovering a point shows its image when
    /// <paramref name="thumbnails"/> (N, C, H, W) are given (values in <paramref name="range"/>).
    /// </summary>
    public static Figure Embedding(Tensor points, string title, IReadOnlyList<string>? labels = null, Tensor? thumbnails = null,
        (float Min, float Max)? range = null, string xLabel = "dimension 1", string yLabel = "dimension 2")
    {
        if (points.dim() != 2 || points.shape[1] != 2)
            throw new ArgumentException($"Expected points of shape (N, 2); got [{string.Join(", ", points.shape)}].", nameof(points));
        int n = (int)points.shape[0];
        if (labels is not null && labels.Count != n) throw new ArgumentException($"{labels.Count} labels for {n} points.", nameof(labels));
        if (thumbnails is not null && thumbnails.shape[0] != n) throw new ArgumentException($"{thumbnails.shape[0]} thumbnails for {n} points.", nameof(thumbnails));
        var xy = points.detach().to(CPU).to(ScalarType.Float64).data<double>().ToArray();
        var figure = new Figure(title, xLabel, yLabel, height: 520);
        var groups = Enumerable.Range(0, n).GroupBy(i => labels?[i] ?? "points").OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var idx = group.ToList();
            figure.Add(new JsonObject
            {
                ["type"] = "scatter",
                ["mode"] = "markers",
                ["name"] = group.Key,
                ["x"] = Array(idx.Select(i => xy[2 * i])),
                ["y"] = Array(idx.Select(i => xy[2 * i + 1])),
                ["customdata"] = new JsonArray(idx.Select(i => (JsonNode)i).ToArray()),
                ["marker"] = new JsonObject { ["size"] = 6, ["opacity"] = 0.8 },
                ["hovertemplate"] = $"{group.Key}<br>#%{{customdata}}<extra></extra>",
            });
        }
        if (thumbnails is not null)
            for (int i = 0; i < n; i++)
                figure.HoverImages.Add("data:image/png;base64," + Convert.ToBase64String(ImageTensor.EncodePng(thumbnails[i], range ?? ImageTensor.MinusOneOne)));
        return figure;
    }

    /// <summary>
    /// The 2-D toy GAN picture (as in GAN Lab): the discriminator's output as a heat map over the plane, real
    /// points and generated points. <paramref name="surface"/> is D's probability "real" on a (G, G) grid spanning
    /// <paramref name="extent"/> in x and y (row = y).
    /// </summary>
    public static Figure ToyGan(Tensor real, Tensor fake, Tensor? surface, (double Min, double Max) extent, string title)
    {
        var figure = new Figure(title, "x", "y", height: 520);
        figure.Layout["yaxis"]!["scaleanchor"] = "x";
        figure.Layout["legend"] = new JsonObject { ["orientation"] = "h", ["x"] = 0, ["y"] = 1.0, ["yanchor"] = "bottom" };
        if (surface is not null)
        {
            int g = (int)surface.shape[0];
            var axis = Enumerable.Range(0, g).Select(i => extent.Min + (extent.Max - extent.Min) * i / (g - 1)).ToList();
            var z = surface.detach().to(CPU).to(ScalarType.Float64);
            figure.Add(new JsonObject
            {
                ["type"] = "heatmap",
                ["name"] = "D(x)",
                ["x"] = Array(axis),
                ["y"] = Array(axis),
                ["z"] = new JsonArray(Enumerable.Range(0, g).Select(r => (JsonNode)Array(z[r].data<double>().ToArray())).ToArray()),
                ["zmin"] = 0,
                ["zmax"] = 1,
                ["colorscale"] = "RdBu",
                ["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "D(x)" } },
                ["hovertemplate"] = "D(%{x:.2f}, %{y:.2f}) = %{z:.2f}<extra></extra>",
            });
        }
        figure.Add(PointsTrace(real, "real", "#1b9e77"));
        figure.Add(PointsTrace(fake, "generated", "#d95f02"));
        return figure;
    }

    /// <summary>
    /// An animation over snapshots (e.g. the toy GAN every 100 steps): each frame is a figure with the same traces;
    /// a slider and a play button step through them. The first frame's layout is used; the figure opens on frame
    /// <paramref name="active"/>.
    /// </summary>
    public static Figure Animate(string title, IReadOnlyList<(string Label, Figure Frame)> frames, int active = 0)
    {
        if (frames.Count == 0) throw new ArgumentException("An animation needs at least one frame.", nameof(frames));
        if (active < 0 || active >= frames.Count) throw new ArgumentOutOfRangeException(nameof(active), $"The animation has frames 0 to {frames.Count - 1}; got {active}.");
        var first = frames[0].Frame;
        var figure = new Figure(title, height: (int?)first.Layout["height"] ?? 420);
        foreach (var (key, value) in first.Layout) figure.Layout[key] = value?.DeepClone();
        figure.Layout["title"] = new JsonObject { ["text"] = title };
        foreach (var trace in frames[active].Frame.Data) figure.Data.Add(trace?.DeepClone());
        var steps = new JsonArray();
        foreach (var (label, frame) in frames)
        {
            figure.Frames.Add(new JsonObject { ["name"] = label, ["data"] = frame.Data.DeepClone() });
            steps.Add(new JsonObject
            {
                ["label"] = label,
                ["method"] = "animate",
                ["args"] = new JsonArray(new JsonArray(label), new JsonObject { ["mode"] = "immediate", ["frame"] = new JsonObject { ["duration"] = 0, ["redraw"] = true }, ["transition"] = new JsonObject { ["duration"] = 0 } }),
            });
        }
        figure.Layout["sliders"] = new JsonArray(new JsonObject { ["active"] = active, ["steps"] = steps, ["currentvalue"] = new JsonObject { ["prefix"] = "" }, ["pad"] = new JsonObject { ["t"] = 40 } });
        figure.Layout["updatemenus"] = new JsonArray(new JsonObject
        {
            ["type"] = "buttons",
            ["showactive"] = false,
            ["x"] = 0,
            ["y"] = 0,
            ["xanchor"] = "right",
            ["yanchor"] = "top",
            ["pad"] = new JsonObject { ["t"] = 40, ["r"] = 10 },
            ["buttons"] = new JsonArray(new JsonObject
            {
                ["label"] = "Play",
                ["method"] = "animate",
                ["args"] = new JsonArray(null, new JsonObject { ["fromcurrent"] = true, ["frame"] = new JsonObject { ["duration"] = 300, ["redraw"] = true }, ["transition"] = new JsonObject { ["duration"] = 0 } }),
            }),
        });
        return figure;
    }

    /// <summary>
    /// A slider over precomputed rows of images, each image with a caption under it: for example one face edited along
    /// several attribute vectors, a frame per strength, with a classifier's reading under each face. Each frame is
    /// (K, C, H, W) with values in <paramref name="range"/> (default [0, 1]) and K captions (a "\n" starts a new line); images are enlarged
    /// <paramref name="scale"/> times with crisp pixels. The frames are PNGs inside the figure, so it works offline, in
    /// the HTML book and in any front end that shows the course's charts; the figure opens on frame <paramref name="active"/>.
    /// </summary>
    public static Figure ImageSlider(string title, IReadOnlyList<(string Label, Tensor Images, IReadOnlyList<string> Captions)> frames,
        (float Min, float Max)? range = null, int scale = 4, int active = 0)
    {
        if (frames.Count == 0) throw new ArgumentException("An image slider needs at least one frame.", nameof(frames));
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), $"Scale must be at least 1; got {scale}.");
        const int padding = 2;
        var figures = new List<(string, Figure)>();
        foreach (var (label, images, captions) in frames)
        {
            using var scope = NewDisposeScope();
            int k = (int)images.shape[0], h = (int)images.shape[2], w = (int)images.shape[3];
            if (captions.Count != k) throw new ArgumentException($"Frame '{label}' has {k} images but {captions.Count} captions.", nameof(frames));
            var grid = ImageGrid.Make(images, nrow: k, padding: padding, normalize: true, valueRange: range ?? ImageTensor.ZeroOne);
            grid = nn.functional.interpolate(grid.unsqueeze(0), scale_factor: new double[] { scale, scale }, mode: InterpolationMode.Nearest)[0];
            int width = (int)grid.shape[2], height = (int)grid.shape[1];
            int lines = captions.Count == 0 ? 0 : captions.Max(c => c.Split('\n').Length);
            int below = 18 * lines + 8;   // room for the captions, in pixels of the enlarged grid
            var frame = new Figure(title, height: height + below + 170);
            frame.Layout["xaxis"] = new JsonObject { ["visible"] = false, ["range"] = new JsonArray(0, width) };
            frame.Layout["yaxis"] = new JsonObject { ["visible"] = false, ["range"] = new JsonArray(height + below, 0), ["scaleanchor"] = "x" };
            frame.Layout["margin"] = new JsonObject { ["t"] = 50, ["l"] = 10, ["r"] = 10, ["b"] = 10 };
            frame.Layout["showlegend"] = false;
            frame.Add(new JsonObject
            {
                ["type"] = "image",
                ["source"] = "data:image/png;base64," + Convert.ToBase64String(ImageTensor.EncodePng(grid)),
                ["x0"] = 0,
                ["y0"] = 0,
                ["dx"] = 1,
                ["dy"] = 1,
                ["hoverinfo"] = "skip",
            });
            var centres = Enumerable.Range(0, k).Select(i => (double)scale * (padding + i * (w + padding) + w / 2.0)).ToArray();
            frame.Add(new JsonObject
            {
                ["type"] = "scatter",
                ["mode"] = "text",
                ["x"] = Array(centres),
                ["y"] = Array(centres.Select(_ => height + 4.0)),
                ["text"] = new JsonArray(captions.Select(c => (JsonNode)System.Net.WebUtility.HtmlEncode(c).Replace("\n", "<br>")).ToArray()),
                ["textposition"] = "bottom center",
                ["hoverinfo"] = "skip",
            });
            figures.Add((label, frame));
        }
        return Animate(title, figures, active);
    }

    static JsonObject PointsTrace(Tensor points, string name, string colour)
    {
        var xy = points.detach().to(CPU).to(ScalarType.Float64).reshape(-1, 2);
        return new JsonObject
        {
            ["type"] = "scatter",
            ["mode"] = "markers",
            ["name"] = name,
            ["x"] = Array(xy[.., 0].data<double>().ToArray()),
            ["y"] = Array(xy[.., 1].data<double>().ToArray()),
            ["marker"] = new JsonObject { ["size"] = 4, ["color"] = colour, ["opacity"] = 0.7 },
        };
    }

    static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => double.IsFinite(v) ? (JsonNode)Math.Round(v, 6) : null).ToArray());
}
