using System.Reflection;

namespace GanLab.Display;

/// <summary>
/// plotly.js, embedded: the copy Plotly.NET ships as a resource (2.28.0), so charts work offline, in a
/// workshop room with no internet and in the HTML course book. Nothing is ever loaded from a CDN.
/// </summary>
public static class PlotlyJs
{
    /// <summary>Attribute that marks GanLab's inline copy of plotly.js, so a page can keep just one.</summary>
    public const string MarkerAttribute = "data-ganlab-plotly";

    /// <summary>
    /// The AppContext entry naming the session whose outputs already carry plotly.js. A notebook engine that draws
    /// charts of its own (GanLab's draws a learner's Plotly.NET charts) claims through the same entry, so a session
    /// carries one copy, whoever draws first.
    /// </summary>
    public const string ClaimKey = "GanLab.PlotlyJsSession";

    static readonly Lazy<string> Source = new(Load);
    static readonly object Gate = new();

    /// <summary>plotly.js's version.</summary>
    public static string Version => "2.28.0";

    /// <summary>The minified plotly.js source.</summary>
    public static string Script => Source.Value;

    /// <summary>
    /// A &lt;script&gt; element holding plotly.js that sets <c>window.Plotly</c>, also where require.js is present
    /// (classic Jupyter), where plotly.js would otherwise register as an AMD module and leave <c>window.Plotly</c> unset.
    /// </summary>
    public static string ScriptElement =>
        $"<script type=\"text/javascript\" {MarkerAttribute}=\"{Version}\">(function(){{var _define=window.define;window.define=undefined;\n{Script}\nwindow.define=_define;}})();</script>";

    /// <summary>
    /// True the first time it is asked in a notebook session: the first chart of a session carries plotly.js, later
    /// ones reuse it. In the real kernel a session is the process; GanLab's engine names each notebook run
    /// through the AppContext switch <c>GanLab.NotebookSession</c>.
    /// </summary>
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

    static string Load()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Plotly.NET {assembly.GetName().Version} carries no embedded plotly.js; GanLab needs Plotly.NET 6.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        string text = new StreamReader(stream).ReadToEnd();
        // Never let the script close its own <script> element early.
        return text.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}
