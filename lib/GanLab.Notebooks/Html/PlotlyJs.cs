using System.Reflection;

namespace GanLab.Notebooks.Html;

/// <summary>
/// plotly.js as Plotly.NET embeds it (a resource of Plotly.NET.dll, v2.28.0 in Plotly.NET 6.0.0), so pages with
/// charts carry it inline once and load nothing from a CDN.
/// </summary>
public static class PlotlyJs
{
    static readonly Lazy<string> Text = new(Load);

    /// <summary>The minified plotly.js source.</summary>
    public static string Source => Text.Value;

    static string Load()
    {
        var assembly = Assembly.Load(new AssemblyName("Plotly.NET"));
        string name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Plotly.NET {assembly.GetName().Version} carries no plotly.js resource (found: {string.Join(", ", assembly.GetManifestResourceNames())}).");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
