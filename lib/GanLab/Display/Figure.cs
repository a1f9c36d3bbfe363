using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GanLab.Display;

/// <summary>
/// A plotly figure: traces (<see cref="Data"/>), <see cref="Layout"/> and animation <see cref="Frames"/>, exactly the
/// JSON plotly.js draws. <see cref="Plots"/> builds GanLab's charts; <see cref="From(Plotly.NET.GenericChart)"/> shows a
/// Plotly.NET chart. Renders as HTML with plotly.js embedded (never a CDN), in notebooks and in the course book.
/// </summary>
[TypeFormatterSource(typeof(GanLabFormatterSource))]
public sealed class Figure
{
    /// <summary>An empty figure with a title and axis labels (every GanLab plot has them).</summary>
    public Figure(string title, string xLabel = "", string yLabel = "", int height = 420)
    {
        Layout["title"] = new JsonObject { ["text"] = title };
        Layout["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = xLabel } };
        Layout["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yLabel } };
        Layout["height"] = height;
        Layout["margin"] = new JsonObject { ["t"] = 50, ["r"] = 20 };
        Title = title;
    }

    /// <summary>The figure's title, also used as its caption in text outputs.</summary>
    public string Title { get; }

    /// <summary>plotly traces.</summary>
    public JsonArray Data { get; } = new();

    /// <summary>plotly layout.</summary>
    public JsonObject Layout { get; } = new();

    /// <summary>Animation frames (each {name, data}); a slider and a play button are added when there are any.</summary>
    public JsonArray Frames { get; } = new();

    /// <summary>Images (data: URIs) shown beside the chart when hovering a point whose <c>customdata</c> is its index.</summary>
    public List<string> HoverImages { get; } = new();

    /// <summary>Adds one trace (a plotly trace object) and returns this figure.</summary>
    public Figure Add(JsonObject trace)
    {
        Data.Add(trace);
        return this;
    }

    /// <summary>Shows a chart made with Plotly.NET (its traces and layout, as Plotly.NET serialises them).</summary>
    public static Figure From(Plotly.NET.GenericChart chart)
    {
        var json = JsonNode.Parse(Plotly.NET.GenericChart.toFigureJson(chart))!.AsObject();
        var layout = json["layout"]?.AsObject();
        string title = layout?["title"]?["text"]?.GetValue<string>() ?? "Plotly.NET chart";
        var figure = new Figure(title);
        figure.Layout.Clear();
        if (layout is not null)
            foreach (var (key, value) in layout) figure.Layout[key] = value?.DeepClone();
        foreach (var trace in json["data"]?.AsArray() ?? new JsonArray()) figure.Data.Add(trace?.DeepClone());
        return figure;
    }

    /// <summary>The figure as plotly JSON: {"data", "layout", "frames"}.</summary>
    public string ToJson() => new JsonObject
    {
        ["data"] = Data.DeepClone(),
        ["layout"] = Layout.DeepClone(),
        ["frames"] = Frames.DeepClone(),
    }.ToJsonString();

    /// <summary>
    /// HTML that draws the figure: a &lt;div&gt; and a script; with <paramref name="includePlotlyJs"/> it also carries plotly.js
    /// (once per notebook session is enough; see <see cref="PlotlyJs.ClaimForSession"/>).
    /// </summary>
    public string ToHtml(bool includePlotlyJs)
    {
        string id = "ganlab-" + Guid.NewGuid().ToString("N")[..12];
        string hover = HoverImages.Count == 0 ? "" :
            $"<img id=\"{id}-hover\" alt=\"hovered point\" style=\"display:none;position:absolute;top:8px;right:8px;width:96px;height:96px;image-rendering:pixelated;border:1px solid #888;background:#fff\">";
        string images = JsonSerializer.Serialize(HoverImages);
        return (includePlotlyJs ? PlotlyJs.ScriptElement : "") +
            $"<figure class=\"ganlab-figure\" style=\"margin:0;position:relative\"><div id=\"{id}\" style=\"width:100%;height:{(int?)Layout["height"] ?? 420}px\"></div>{hover}" +
            $"<figcaption style=\"display:none\">{WebUtility.HtmlEncode(Title)}</figcaption>" +
            "<script type=\"text/javascript\">(function(){" +
            $"var fig={ToJson()};var images={images};var id='{id}';" +
            "var el=document.getElementById(id);" +
            "if(!window.Plotly){el.textContent='plotly.js is not loaded: run the cell that made the first chart of this notebook again.';return;}" +
            "Plotly.newPlot(el,fig.data,fig.layout,{responsive:true,displaylogo:false}).then(function(gd){" +
            "if(fig.frames.length){Plotly.addFrames(gd,fig.frames);}" +
            "if(images.length){var img=document.getElementById(id+'-hover');gd.on('plotly_hover',function(e){var i=e.points[0].customdata;if(i!=null&&images[i]){img.src=images[i];img.style.display='block';}});gd.on('plotly_unhover',function(){img.style.display='none';});}" +
            "});})();</script></figure>";
    }

    /// <summary>One line for text-only front ends.</summary>
    public override string ToString() => $"Figure: {Title} ({Data.Count} traces{(Frames.Count > 0 ? $", {Frames.Count} frames" : "")})";
}
