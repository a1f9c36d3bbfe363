using System.Text.RegularExpressions;

namespace GanLab.Notebooks.Display;

/// <summary>
/// plotly.js as Plotly.NET embeds it (2.28.0 in Plotly.NET 6), for the charts the engine draws itself (a learner's
/// Plotly.NET or XPlot chart) and for the course book, which inlines it once per page. Nothing is loaded from a CDN.
/// </summary>
/// <remarks>
/// A library that carries its own copy marks its script element with <see cref="MarkerAttribute"/> and claims the
/// session in the AppContext entry <see cref="ClaimKey"/> (GanLab's <c>PlotlyJs</c> does both), so a session gets one
/// copy, whoever draws the first chart, and the course book can drop the copies outputs carry.
/// </remarks>
public static partial class PlotlyScript
{
    /// <summary>The attribute that marks an inline copy of plotly.js, so a page can keep just one.</summary>
    public const string MarkerAttribute = "data-ganlab-plotly";

    /// <summary>The AppContext entry naming the session (<c>ExecutionSession.SessionKey</c>) whose outputs already carry plotly.js.</summary>
    public const string ClaimKey = "GanLab.PlotlyJsSession";

    static readonly Lazy<(string Version, string Source)> Embedded = new(Load);
    static readonly object Gate = new();

    /// <summary>plotly.js's version.</summary>
    public static string Version => Embedded.Value.Version;

    /// <summary>The minified plotly.js source.</summary>
    public static string Script => Embedded.Value.Source;

    /// <summary>
    /// A &lt;script&gt; element holding plotly.js that sets <c>window.Plotly</c>, also where require.js is present
    /// (classic Jupyter), where plotly.js would otherwise register as an AMD module and leave <c>window.Plotly</c> unset.
    /// </summary>
    public static string ScriptElement =>
        $"<script type=\"text/javascript\" {MarkerAttribute}=\"{Version}\">(function(){{var _define=window.define;window.define=undefined;\n{Script}\nwindow.define=_define;}})();</script>";

    /// <summary>True the first time it is asked in a notebook session: the first chart of a session carries plotly.js.</summary>
    public static bool ClaimForSession()
    {
        string session = AppContext.GetData("GanLab.NotebookSession") as string ?? "process";
        lock (Gate)
        {
            if (AppContext.GetData(ClaimKey) as string == session) return false;
            AppContext.SetData(ClaimKey, session);
            return true;
        }
    }

    /// <summary>
    /// Splits a marked copy of plotly.js off the front of an output's HTML: (the script element, the other HTML), or
    /// (null, the HTML) when it carries none.
    /// </summary>
    public static (string? Script, string Others) Split(string html)
    {
        if (!html.Contains(MarkerAttribute, StringComparison.Ordinal)) return (null, html);
        var match = MarkedScript().Match(html);
        return match.Success ? (match.Value, html.Remove(match.Index, match.Length)) : (null, html);
    }

    [GeneratedRegex("""<script\b[^>]*\bdata-ganlab-plotly\b[^>]*>[\s\S]*?</script\s*>""")]
    private static partial Regex MarkedScript();

    static (string, string) Load()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Plotly.NET {assembly.GetName().Version} carries no embedded plotly.js.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        string text = new StreamReader(stream).ReadToEnd();
        string version = name["Plotly.NET.plotly-".Length..^".min.js".Length];
        // Never let the script close its own <script> element early.
        return (version, text.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase));
    }
}
