using System.Globalization;

namespace GanLab.Workshop;

/// <summary>
/// A notebook's parameters as its parameters cell writes them (C# literals by name: <c>3_000</c>, <c>2e-4</c>,
/// <c>true</c>, <c>"faces"</c>), read as numbers, flags and text; a name the notebook does not declare reads as the
/// fallback given.
/// </summary>
public sealed class NotebookParameters
{
    readonly IReadOnlyDictionary<string, string> _code;
    readonly SortedSet<string> _missing = new(StringComparer.Ordinal);

    /// <param name="code">Each parameter's value as C# code, by name (what <c>ParameterInjector.DeclaredDefaults</c> returns, with any overrides applied).</param>
    public NotebookParameters(IReadOnlyDictionary<string, string> code) => _code = code;

    /// <summary>The names asked for that the notebook does not declare (their fallbacks were used): a sign the notebook changed.</summary>
    public IReadOnlyCollection<string> Missing => _missing;

    /// <summary>A whole number: <c>3_000</c>, <c>64</c>.</summary>
    public long Int(string name, long fallback) => Code(name) is { } c && long.TryParse(Number(c), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : fallback;

    /// <summary>A number: <c>2e-4</c>, <c>0.5f</c>, <c>120</c>.</summary>
    public double Double(string name, double fallback) => Code(name) is { } c && double.TryParse(Number(c), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : fallback;

    /// <summary>A flag: <c>true</c> or <c>false</c>.</summary>
    public bool Bool(string name, bool fallback) => Code(name) is { } c && bool.TryParse(c.Trim(), out bool v) ? v : fallback;

    /// <summary>Text: <c>"faces"</c> (a plain string literal; anything else reads as the fallback).</summary>
    public string String(string name, string fallback) =>
        Code(name) is { } c && c.Trim() is { Length: >= 2 } t && t[0] == '"' && t[^1] == '"' && !t.Contains('\\') ? t[1..^1] : fallback;

    string? Code(string name)
    {
        if (_code.TryGetValue(name, out var code)) return code;
        _missing.Add(name);
        return null;
    }

    static string Number(string code) => code.Trim().Replace("_", "").TrimEnd('f', 'F', 'd', 'D', 'm', 'M', 'L', 'l');
}
