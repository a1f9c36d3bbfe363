using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using System.Reflection;

namespace GanLab.Notebooks.Display;

/// <summary>
/// Formats a value by MIME type as the .NET Interactive kernel does. Rich formatting comes from the by-name
/// convention: any attribute class named <c>TypeFormatterSourceAttribute</c> (any namespace, internal is fine) on the
/// value's type or a base type names a formatter source; its <c>CreateTypeFormatters()</c> returns objects with a
/// <c>string MimeType</c>, <c>bool Format(object, TextWriter)</c> and an optional <c>Type Type</c>. So a library
/// renders the same here and in the real kernel with no dependency on any .NET Interactive package.
/// </summary>
public static partial class ValueFormatter
{
    /// <summary>The kernel's default MIME type in notebooks.</summary>
    public const string Html = "text/html";
    /// <summary>Plain text.</summary>
    public const string PlainText = "text/plain";

    static readonly ConcurrentDictionary<Type, TypeFormatters> Cache = new();

    /// <summary>
    /// Formats <paramref name="value"/>: in the requested MIME types, else in the type's preferred ones (text/html by
    /// default), always with a text/plain fallback; strings are text/plain only, as in the kernel.
    /// </summary>
    public static Dictionary<string, string> Format(object? value, IReadOnlyList<string>? mimeTypes = null)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is HtmlString html && (mimeTypes is null || mimeTypes.Count == 0))
        {
            data[Html] = html.Value;
            return data;
        }
        if (value is string text && (mimeTypes is null || mimeTypes.Count == 0))
        {
            data[PlainText] = text;
            return data;
        }
        var formatters = value is null ? TypeFormatters.None : Cache.GetOrAdd(value.GetType(), TypeFormatters.Discover);
        var wanted = mimeTypes is { Count: > 0 } ? mimeTypes : formatters.PreferredMimeTypes ?? new[] { Html };
        var problems = new List<string>();
        if (formatters.Problem is { } broken) problems.Add(broken);
        foreach (string mime in wanted)
        {
            string? formatted = Try(formatters, value, mime, problems) ?? Default(value, mime);
            if (formatted is not null) data[mime] = formatted;
        }
        if (!data.ContainsKey(PlainText) && (mimeTypes is null || mimeTypes.Count == 0))
            data[PlainText] = Try(formatters, value, PlainText, problems) ?? ToDisplayString(value);
        // Long text (a huge tensor printed in full): a preview, its first and last lines.
        if (data.TryGetValue(PlainText, out string? plain)) data[PlainText] = Preview(plain);
        if (data.TryGetValue(Html, out string? markup) && PreformattedOnly().Match(markup) is { Success: true } pre)
            data[Html] = markup[..pre.Groups[1].Index] + WebUtility.HtmlEncode(Preview(WebUtility.HtmlDecode(pre.Groups[1].Value))) + markup[(pre.Groups[1].Index + pre.Groups[1].Length)..];
        // A formatter that throws: the value shows as text, with what went wrong, and the cell goes on.
        if (problems.Count > 0)
        {
            string note = string.Join("\n", problems.Distinct());
            if (data.ContainsKey(Html)) data[Html] = $"{Default(value, Html)}<div style=\"color:#b00020\">{WebUtility.HtmlEncode(note)}</div>";
            if (data.ContainsKey(PlainText)) data[PlainText] = $"{ToDisplayString(value)}\n({note})";
        }
        return data;
    }

    /// <summary>The most lines a value's text shows; longer text shows its first and last lines and says how much there is.</summary>
    public const int PreviewLines = 40;

    /// <summary>Longer than <see cref="PreviewLines"/> lines (or 40,000 characters): the first lines, a note, the last lines.</summary>
    public static string Preview(string text)
    {
        const int maxChars = 40_000, maxLine = 1_000;
        var lines = text.Split('\n');
        if (lines.Length <= PreviewLines && text.Length <= maxChars) return text;
        int head = PreviewLines - 5, tail = 3;
        var shown = lines.Take(head).Concat(lines.Skip(Math.Max(head, lines.Length - tail)))
            .Select(l => l.Length > maxLine ? l[..maxLine] + " ..." : l).ToList();
        int hidden = Math.Max(0, lines.Length - head - tail);
        shown.Insert(Math.Min(head, shown.Count), $"... {hidden:N0} more lines not shown (the whole text is {text.Length:N0} characters): index or slice the value to see a part of it.");
        return string.Join("\n", shown);
    }

    /// <summary>HTML that is only preformatted text (as TorchSharp's tensor formatter writes): &lt;div&gt;&lt;pre&gt;...&lt;/pre&gt;&lt;/div&gt;.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*<div[^>]*>\s*<pre[^>]*>([\s\S]*)</pre>\s*</div>\s*$")]
    private static partial System.Text.RegularExpressions.Regex PreformattedOnly();

    static string? Try(TypeFormatters formatters, object? value, string mime, List<string> problems)
    {
        if (value is null) return null;
        try { return formatters.TryFormat(value, mime); }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } cause } ? cause : e;
            problems.Add($"The {mime} formatter for {value.GetType().Name} threw {inner.GetType().Name}: {inner.Message}");
            return null;
        }
    }

    static string? Default(object? value, string mime) => mime switch
    {
        PlainText => ToDisplayString(value),
        Html => value is HtmlString h ? h.Value : ChartFormatter.TryHtml(value) ?? $"<div class=\"dni-plaintext\"><pre>{WebUtility.HtmlEncode(ToDisplayString(value))}</pre></div>",
        _ => null,
    };

    /// <summary>What a value shows as text: <c>&lt;null&gt;</c>, the items of a collection (up to 20), or ToString().</summary>
    public static string ToDisplayString(object? value)
    {
        try { return Describe(value); }
        catch (Exception e) { return $"<{value!.GetType().Name}: its ToString() threw {e.GetType().Name}: {e.Message}>"; }
    }

    static string Describe(object? value)
    {
        switch (value)
        {
            case null: return "<null>";
            case string s: return s;
            case IFormattable f: return f.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
            case IEnumerable items when value.GetType().GetMethod("ToString", Type.EmptyTypes)?.DeclaringType == typeof(object):
                var shown = items.Cast<object?>().Take(21).Select(ToDisplayString).ToList();
                return "[ " + string.Join(", ", shown.Take(20)) + (shown.Count > 20 ? ", ..." : "") + " ]";
            default: return value.ToString() ?? "";
        }
    }

    /// <summary>The formatter sources found on one type, by the kernel's by-name convention.</summary>
    sealed class TypeFormatters
    {
        public static readonly TypeFormatters None = new(new List<(object, MethodInfo, Type?, string)>(), null);

        /// <summary>Why the type's formatter source could not be used (it threw), or null.</summary>
        public string? Problem { get; private init; }

        readonly List<(object Target, MethodInfo Format, Type? AppliesTo, string Mime)> _formatters;

        TypeFormatters(List<(object, MethodInfo, Type?, string)> formatters, string[]? preferred)
        {
            _formatters = formatters;
            PreferredMimeTypes = preferred;
        }

        public string[]? PreferredMimeTypes { get; }

        public string? TryFormat(object value, string mime)
        {
            foreach (var (target, format, appliesTo, m) in _formatters)
            {
                if (m != mime || (appliesTo is not null && !appliesTo.IsInstanceOfType(value))) continue;
                using var writer = new StringWriter();
                object? handled = format.Invoke(target, new[] { value, writer });
                if (handled is not false) return writer.ToString();
            }
            return null;
        }

        public static TypeFormatters Discover(Type type)
        {
            try { return Find(type); }
            catch (Exception e)
            {
                var inner = e is TargetInvocationException { InnerException: { } cause } ? cause : e;
                return new TypeFormatters(new List<(object, MethodInfo, Type?, string)>(), null)
                    { Problem = $"The formatter source of {type.Name} could not be used: {inner.GetType().Name}: {inner.Message}" };
            }
        }

        static TypeFormatters Find(Type type)
        {
            var formatters = new List<(object, MethodInfo, Type?, string)>();
            string[]? preferred = null;
            for (var t = type; t is not null; t = t.BaseType)
            {
                foreach (var attribute in t.GetCustomAttributes(inherit: false))
                {
                    var attributeType = attribute.GetType();
                    if (attributeType.Name != "TypeFormatterSourceAttribute") continue;
                    if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
                    if (preferred is null && attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) is string[] { Length: > 0 } p) preferred = p;
                    object source = Activator.CreateInstance(sourceType, nonPublic: true)
                        ?? throw new InvalidOperationException($"Cannot create the formatter source {sourceType.FullName}.");
                    if (sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)?.Invoke(source, null) is not IEnumerable created) continue;
                    foreach (object formatter in created)
                    {
                        var ft = formatter.GetType();
                        if (ft.GetProperty("MimeType")?.GetValue(formatter) is not string mime) continue;
                        var format = ft.GetMethod("Format", new[] { typeof(object), typeof(TextWriter) });
                        if (format is null) continue;
                        formatters.Add((formatter, format, ft.GetProperty("Type")?.GetValue(formatter) as Type ?? t, mime));
                    }
                }
            }
            return new TypeFormatters(formatters, preferred);
        }
    }
}
