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
public static class ValueFormatter
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
        foreach (string mime in wanted)
        {
            string? formatted = formatters.TryFormat(value!, mime) ?? Default(value, mime);
            if (formatted is not null) data[mime] = formatted;
        }
        if (!data.ContainsKey(PlainText) && (mimeTypes is null || mimeTypes.Count == 0))
            data[PlainText] = (value is null ? null : formatters.TryFormat(value, PlainText)) ?? ToDisplayString(value);
        return data;
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
