using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Markdig;

namespace GanLab.Notebooks.Html;

/// <summary>
/// Writes the course book: one self-contained HTML page per executed notebook (markdown rendered, code, outputs,
/// images inline, plotly.js embedded once when a page has charts) and an index page. Pages make no network request:
/// nothing is referenced by address, and a Content-Security-Policy forbids loading anything but inline data.
/// </summary>
public static partial class CourseBook
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Only inline scripts, styles and data: URLs; nothing from the network or the disk.</summary>
    const string Csp = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:";

    [GeneratedRegex("""(<img\b[^>]*\bsrc=")([^"]+)(")""", RegexOptions.IgnoreCase)]
    private static partial Regex ImageSource();

    /// <summary>Writes <c>&lt;stem&gt;.html</c> for each entry and <c>index.html</c> into <paramref name="folder"/>; returns the pages' paths.</summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<BookEntry> entries, string title = "GanLab course book")
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        for (int i = 0; i < entries.Count; i++)
        {
            string path = Path.Combine(folder, entries[i].Stem + ".html");
            File.WriteAllText(path, Page(entries[i], i > 0 ? entries[i - 1] : null, i + 1 < entries.Count ? entries[i + 1] : null), new UTF8Encoding(false));
            paths.Add(path);
        }
        string index = Path.Combine(folder, "index.html");
        File.WriteAllText(index, Index(entries, title), new UTF8Encoding(false));
        paths.Add(index);
        return paths;
    }

    /// <summary>The notebook's title: its first markdown heading, else its file name.</summary>
    public static string Title(BookEntry entry)
    {
        foreach (var cell in entry.Notebook.Cells.Where(c => c.CellType == "markdown"))
            foreach (string line in cell.Source.Split('\n'))
                if (line.StartsWith('#')) return line.TrimStart('#').Trim();
        return entry.Stem;
    }

    /// <summary>One notebook as a self-contained page.</summary>
    public static string Page(BookEntry entry, BookEntry? previous = null, BookEntry? next = null)
    {
        var notebook = entry.Notebook;
        string folder = Path.GetDirectoryName(Path.GetFullPath(entry.SourcePath))!;
        bool plotly = notebook.Cells.Any(c => OutputHtml.NeedsPlotly(c.Outputs));
        var body = new StringBuilder();
        body.Append("<nav><a href=\"index.html\">Contents</a>");
        if (previous is not null) body.Append($" · <a href=\"{Attr(previous.Stem)}.html\">← {OutputHtml.Escape(Title(previous))}</a>");
        if (next is not null) body.Append($" · <a href=\"{Attr(next.Stem)}.html\">{OutputHtml.Escape(Title(next))} →</a>");
        body.Append("</nav>\n<main>\n");
        foreach (var cell in notebook.Cells)
        {
            if (cell.CellType == "markdown")
            {
                body.Append("<section class=\"markdown\">").Append(InlineImages(Markdown.ToHtml(cell.Source, Pipeline), folder, cell.Attachments)).Append("</section>\n");
                continue;
            }
            if (!cell.IsCode) continue;
            string label = cell.HasTag("injected-parameters") ? "injected parameters" : cell.HasTag("parameters") ? "parameters" : "";
            body.Append($"<section class=\"cell\"><div class=\"prompt\">In [{cell.ExecutionCount?.ToString() ?? " "}]{(label.Length > 0 ? " · " + label : "")}</div>");
            body.Append("<pre class=\"source\"><code>").Append(OutputHtml.Escape(cell.Source)).Append("</code></pre>\n");
            foreach (var output in cell.Outputs) OutputHtml.Render(body, output, md => InlineImages(Markdown.ToHtml(md, Pipeline), folder, null));
            body.Append("</section>\n");
        }
        body.Append("</main>\n");
        body.Append($"<footer>{OutputHtml.Escape(Footer(entry))}</footer>\n");

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append($"<meta http-equiv=\"Content-Security-Policy\" content=\"{Csp}\">\n");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append($"<title>{OutputHtml.Escape(Title(entry))}</title>\n<style>{Style}</style>\n");
        if (plotly) page.Append(Display.PlotlyScript.ScriptElement).Append('\n');
        page.Append("</head>\n<body>\n").Append(body).Append("</body>\n</html>\n");
        return page.ToString();
    }

    static string Index(IReadOnlyList<BookEntry> entries, string title)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append($"<meta http-equiv=\"Content-Security-Policy\" content=\"{Csp}\">\n");
        page.Append($"<title>{OutputHtml.Escape(title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n<main>\n");
        page.Append($"<h1>{OutputHtml.Escape(title)}</h1>\n<ol class=\"contents\">\n");
        foreach (var entry in entries)
            page.Append($"<li><a href=\"{Attr(entry.Stem)}.html\">{OutputHtml.Escape(Title(entry))}</a> <span class=\"status\">{OutputHtml.Escape(Footer(entry))}</span></li>\n");
        page.Append("</ol>\n</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    static string Footer(BookEntry entry)
    {
        var parts = new List<string> { Path.GetFileName(entry.SourcePath) };
        if (entry.Status is { } status) parts.Add(status.ToString().ToLowerInvariant());
        if (entry.Duration is { } d) parts.Add($"{d.TotalSeconds:F1} s");
        if (entry.Notebook.Metadata["ganlab"] is JsonObject run)
        {
            if (run["smoke"]?.GetValue<bool>() == true) parts.Add("smoke mode");
            if (run["parameters"] is JsonObject p && p.Count > 0) parts.Add("parameters: " + string.Join(", ", p.Select(kv => $"{kv.Key} = {kv.Value}")));
        }
        return string.Join(" · ", parts);
    }

    /// <summary>Replaces image addresses that point at attachments or local files with data: URLs; drops remote ones.</summary>
    static string InlineImages(string html, string folder, JsonObject? attachments) => ImageSource().Replace(html, m =>
    {
        string src = System.Net.WebUtility.HtmlDecode(m.Groups[2].Value);
        if (src.StartsWith("data:", StringComparison.Ordinal)) return m.Value;
        if (src.StartsWith("attachment:", StringComparison.Ordinal) && attachments?[src["attachment:".Length..]] is JsonObject files)
        {
            var (mime, data) = files.Select(kv => (kv.Key, kv.Value?.GetValue<string>() ?? "")).FirstOrDefault();
            return $"{m.Groups[1].Value}data:{mime};base64,{data}{m.Groups[3].Value}";
        }
        string local = Path.Combine(folder, Uri.UnescapeDataString(src));
        if (!src.Contains("://", StringComparison.Ordinal) && File.Exists(local))
            return $"{m.Groups[1].Value}data:{MimeOf(local)};base64,{Convert.ToBase64String(File.ReadAllBytes(local))}{m.Groups[3].Value}";
        return $"{m.Groups[1].Value}data:,{m.Groups[3].Value}"; // remote or missing: never fetched
    });

    static string MimeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".svg" => "image/svg+xml",
        ".webp" => "image/webp",
        _ => "application/octet-stream",
    };

    static string Attr(string text) => Uri.EscapeDataString(text);

    const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
        main { max-width: 62rem; margin: 0 auto; padding: 1rem 2rem 3rem; background: #fff; }
        nav, footer { max-width: 62rem; margin: 0 auto; padding: 0.6rem 2rem; font-size: 0.9em; color: #555; }
        h1, h2, h3 { line-height: 1.2; }
        .markdown { margin: 1rem 0; line-height: 1.55; }
        .markdown table { border-collapse: collapse; } .markdown td, .markdown th { border: 1px solid #ccc; padding: 0.2em 0.6em; }
        .cell { margin: 1rem 0; }
        .prompt { font-size: 0.75em; color: #888; font-family: ui-monospace, monospace; }
        pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85em; white-space: pre-wrap; word-break: break-word; margin: 0.2rem 0; }
        pre.source { background: #f3f4f7; border-left: 3px solid #6b7bd6; padding: 0.6rem 0.8rem; }
        .output { margin: 0.3rem 0 0.3rem 0.8rem; }
        pre.stderr { background: #fff6e5; }
        pre.error { background: #fdecec; color: #8b1a1a; padding: 0.5rem; }
        .rich img { max-width: 100%; }
        figure figcaption { margin-top: 0.3em; }
        .contents li { margin: 0.4em 0; } .status { color: #777; font-size: 0.85em; }
        """;
}
