using System.Text.Json.Nodes;

namespace GanLab.Notebooks;

/// <summary>nbformat's multiline strings: a string, or a list of lines each ending in "\n" but the last.</summary>
static class NotebookText
{
    public static JsonArray ToLines(string text)
    {
        var lines = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    public static string FromNode(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        _ => node.GetValue<string>(),
    };
}
