using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace GanLab.Notebooks.Html;

/// <summary>
/// Renders a cell's outputs for the book. Text (streams, errors, text/plain) is HTML-escaped, so printed markup shows
/// and never runs. Rich HTML comes from formatters and is kept, except anything that would load from the network
/// (script and stylesheet tags with an http(s) address) and copies of plotly.js: pages are offline, and carry plotly.js once.
/// </summary>
static partial class OutputHtml
{
    static readonly string[] Preference = { "text/html", "image/svg+xml", "image/png", "image/jpeg", "image/gif", "text/markdown", "text/plain" };

    [GeneratedRegex("""<script\b[^>]*\bsrc\s*=\s*["']?(https?:)?//[^>]*>\s*</script\s*>""", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteScript();

    [GeneratedRegex("""<link\b[^>]*\bhref\s*=\s*["']?(https?:)?//[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteLink();

    /// <summary>An inline script carrying plotly.js itself (GanLab's marked copy, or any with plotly.js's banner).</summary>
    [GeneratedRegex("""<script\b[^>]*\bdata-ganlab-plotly\b[^>]*>[\s\S]*?</script\s*>|<script\b[^>]*>(?:(?!</script)[\s\S])*?\*\s*plotly\.js v[\s\S]*?</script\s*>""", RegexOptions.IgnoreCase)]
    private static partial Regex InlinePlotlyJs();

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiCodes();

    /// <summary>True when some output draws with plotly.js (the page must then carry it).</summary>
    public static bool NeedsPlotly(IEnumerable<CellOutput> outputs) =>
        outputs.Any(o => o.Data.TryGetValue("text/html", out string? html) && html.Contains("Plotly.", StringComparison.Ordinal));

    public static void Render(StringBuilder page, CellOutput output, Func<string, string> markdown)
    {
        switch (output.OutputType)
        {
            case "stream":
                page.Append($"<pre class=\"output stream {Escape(output.Name ?? "stdout")}\">").Append(Escape(output.Text)).Append("</pre>\n");
                return;
            case "error":
                // As Jupyter: the traceback when there is one (it starts with the error itself), else "ename: evalue".
                string text = output.Traceback.Count > 0 ? AnsiCodes().Replace(string.Join("\n", output.Traceback), "") : $"{output.EName}: {output.EValue}";
                page.Append("<pre class=\"output error\">").Append(Escape(text)).Append("</pre>\n");
                return;
        }
        string? mime = Preference.FirstOrDefault(output.Data.ContainsKey);
        if (mime is null) return;
        string value = output.Data[mime];
        page.Append("<div class=\"output rich\">");
        page.Append(mime switch
        {
            "text/html" => WithoutPlotlyJs(RemoteLink().Replace(RemoteScript().Replace(value, ""), "")),
            "image/svg+xml" => RemoteScript().Replace(value, ""),
            "text/markdown" => markdown(value),
            "text/plain" => $"<pre>{Escape(value)}</pre>",
            _ => $"<img src=\"data:{mime};base64,{Regex.Replace(value, @"\s", "")}\" alt=\"output\"/>",
        });
        page.Append("</div>\n");
    }

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Drops copies of plotly.js that outputs carry (the page holds one, in its head).</summary>
    static string WithoutPlotlyJs(string html) =>
        html.Contains("plotly.js", StringComparison.Ordinal) || html.Contains(Display.PlotlyScript.MarkerAttribute, StringComparison.Ordinal)
            ? InlinePlotlyJs().Replace(html, "") : html;
}
