using System.Net;
using System.Text.Json.Nodes;

namespace GanLab.Notebooks.Display;

/// <summary>
/// Inline HTML for chart types a learner may make directly, which carry no formatter of their own here: a
/// Plotly.NET <c>GenericChart</c> (its figure JSON drawn with <c>Plotly.newPlot</c>) and an XPlot.Plotly <c>PlotlyChart</c>
/// (its own <c>GetInlineHtml()</c>: a &lt;div&gt; and a <c>Plotly.newPlot</c> call, found by type name, so the engine
/// needs no compile-time reference to XPlot). Both draw with the embedded plotly.js (<see cref="PlotlyScript"/>), never
/// a CDN: the first chart of a session carries it, and the course book keeps one copy per page.
/// </summary>
public static class ChartFormatter
{
    /// <summary>The HTML for <paramref name="value"/> if it is a chart this formatter knows, else null.</summary>
    public static string? TryHtml(object? value) => value switch
    {
        Plotly.NET.GenericChart chart => PlotlyNetHtml(chart),
        not null when value.GetType().FullName == "XPlot.Plotly.PlotlyChart"
            && value.GetType().GetMethod("GetInlineHtml", Type.EmptyTypes)?.Invoke(value, null) is string html
            => (PlotlyScript.ClaimForSession() ? PlotlyScript.ScriptElement : "") + html,
        _ => null,
    };

    static string PlotlyNetHtml(Plotly.NET.GenericChart chart)
    {
        var figure = JsonNode.Parse(Plotly.NET.GenericChart.toFigureJson(chart))!.AsObject();
        string id = "chart-" + Guid.NewGuid().ToString("N")[..12];
        int height = figure["layout"]?["height"] is JsonValue h && h.TryGetValue(out int pixels) ? pixels : 420;
        string title = figure["layout"]?["title"]?["text"] is JsonValue t && t.TryGetValue(out string? text) ? text : "Plotly.NET chart";
        return (PlotlyScript.ClaimForSession() ? PlotlyScript.ScriptElement : "") +
            $"<div id=\"{id}\" style=\"width:100%;height:{height}px\" title=\"{WebUtility.HtmlEncode(title)}\"></div>" +
            "<script type=\"text/javascript\">(function(){" +
            $"var fig={figure.ToJsonString()};var el=document.getElementById('{id}');" +
            "if(!window.Plotly){el.textContent='plotly.js is not loaded: run the cell that made the first chart of this notebook again.';return;}" +
            "Plotly.newPlot(el,fig.data,fig.layout||{},{responsive:true,displaylogo:false});})();</script>";
    }
}
