using GanLab.Display;

namespace GanLab.Notebooks.Display;

/// <summary>
/// Inline HTML for chart types a learner may make directly, which carry no formatter of their own here: a
/// Plotly.NET <c>GenericChart</c> (shown as a GanLab <see cref="Figure"/>) and an XPlot.Plotly <c>PlotlyChart</c>
/// (its own <c>GetInlineHtml()</c>: a &lt;div&gt; and a <c>Plotly.newPlot</c> call, found by type name, so the engine
/// needs no compile-time reference to XPlot). Both draw with GanLab's embedded plotly.js, never a CDN: the first
/// chart of a notebook run carries it, and the course book keeps one copy per page.
/// </summary>
public static class ChartFormatter
{
    /// <summary>The HTML for <paramref name="value"/> if it is a chart this formatter knows, else null.</summary>
    public static string? TryHtml(object? value) => value switch
    {
        Plotly.NET.GenericChart chart => Figure.From(chart).ToHtml(PlotlyJs.ClaimForSession()),
        not null when value.GetType().FullName == "XPlot.Plotly.PlotlyChart"
            && value.GetType().GetMethod("GetInlineHtml", Type.EmptyTypes)?.Invoke(value, null) is string html
            => (PlotlyJs.ClaimForSession() ? PlotlyJs.ScriptElement : "") + html,
        _ => null,
    };
}
