using System.Text.Json.Nodes;

namespace GanLab.Notebooks;

/// <summary>
/// One output of a code cell, as nbformat 4 stores it: <c>stream</c> (stdout/stderr text), <c>execute_result</c>
/// (the cell's trailing value), <c>display_data</c> (from <c>display(x)</c>) or <c>error</c>.
/// Rich outputs hold their formatted values by MIME type (<c>image/png</c> is base64 text, as Jupyter stores it).
/// </summary>
public sealed class CellOutput
{
    /// <summary>nbformat's output_type: stream, execute_result, display_data or error.</summary>
    public string OutputType { get; init; } = "";
    /// <summary>For streams: stdout or stderr.</summary>
    public string? Name { get; init; }
    /// <summary>For streams: the text written so far.</summary>
    public string Text { get; set; } = "";
    /// <summary>For rich outputs: the value formatted by MIME type, in order of preference.</summary>
    public Dictionary<string, string> Data { get; set; } = new(StringComparer.Ordinal);
    /// <summary>For execute_result: the cell's execution count.</summary>
    public int? ExecutionCount { get; init; }
    /// <summary>For errors: the exception's kind.</summary>
    public string EName { get; init; } = "";
    /// <summary>For errors: the message.</summary>
    public string EValue { get; init; } = "";
    /// <summary>For errors: the lines that say where it happened.</summary>
    public IReadOnlyList<string> Traceback { get; init; } = Array.Empty<string>();
    /// <summary>
    /// For display_data: the id that later updates name (Jupyter's <c>transient.display_id</c>). It lives only
    /// while the session does, so it is never saved in the notebook.
    /// </summary>
    public string? DisplayId { get; init; }

    /// <summary>Text written to stdout or stderr.</summary>
    public static CellOutput Stream(string name, string text) => new() { OutputType = "stream", Name = name, Text = text };

    /// <summary>A cell's trailing value.</summary>
    public static CellOutput Result(int executionCount, Dictionary<string, string> data) => new() { OutputType = "execute_result", ExecutionCount = executionCount, Data = data };

    /// <summary>A value shown with <c>display(x)</c>; <paramref name="displayId"/> names it for updates.</summary>
    public static CellOutput Display(Dictionary<string, string> data, string? displayId = null) => new() { OutputType = "display_data", Data = data, DisplayId = displayId };

    /// <summary>A compile error, an exception, a timeout or an interruption.</summary>
    public static CellOutput Error(string ename, string evalue, IReadOnlyList<string> traceback) => new() { OutputType = "error", EName = ename, EValue = evalue, Traceback = traceback };

    internal JsonObject ToJson()
    {
        var json = new JsonObject { ["output_type"] = OutputType };
        switch (OutputType)
        {
            case "stream":
                json["name"] = Name;
                json["text"] = NotebookText.ToLines(Text);
                break;
            case "execute_result":
            case "display_data":
                var data = new JsonObject();
                foreach (var (mime, value) in Data)
                    data[mime] = mime.StartsWith("image/", StringComparison.Ordinal) && mime != "image/svg+xml" ? JsonValue.Create(value) : NotebookText.ToLines(value);
                json["data"] = data;
                json["metadata"] = new JsonObject();
                if (OutputType == "execute_result") json["execution_count"] = ExecutionCount;
                break;
            case "error":
                json["ename"] = EName;
                json["evalue"] = EValue;
                json["traceback"] = new JsonArray(Traceback.Select(line => (JsonNode?)JsonValue.Create(line)).ToArray());
                break;
        }
        return json;
    }

    internal static CellOutput FromJson(JsonObject json)
    {
        string type = json["output_type"]?.GetValue<string>() ?? throw new InvalidDataException("An output has no output_type.");
        switch (type)
        {
            case "stream":
                return Stream(json["name"]?.GetValue<string>() ?? "stdout", NotebookText.FromNode(json["text"]));
            case "error":
                return Error(json["ename"]?.GetValue<string>() ?? "", json["evalue"]?.GetValue<string>() ?? "",
                    json["traceback"] is JsonArray lines ? lines.Select(l => l?.GetValue<string>() ?? "").ToList() : new List<string>());
            default:
                var data = new Dictionary<string, string>(StringComparer.Ordinal);
                if (json["data"] is JsonObject d)
                    foreach (var (mime, value) in d)
                        // Text (a string or a list of lines) as it is; JSON data (application/json) as its JSON text.
                        data[mime] = value is JsonValue || value is JsonArray parts && parts.All(p => p is JsonValue)
                            ? NotebookText.FromNode(value) : value?.ToJsonString() ?? "";
                return new CellOutput
                {
                    OutputType = type,
                    Data = data,
                    ExecutionCount = type == "execute_result" && json["execution_count"] is JsonValue n && n.TryGetValue(out int count) ? count : null,
                };
        }
    }
}
