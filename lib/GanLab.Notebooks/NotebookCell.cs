using System.Text.Json.Nodes;

namespace GanLab.Notebooks;

/// <summary>One cell of a notebook: code, markdown or raw, with its id (nbformat 4.5), metadata and outputs.</summary>
public sealed class NotebookCell
{
    /// <summary>The cell's id: 1 to 64 characters from [A-Za-z0-9-_], unique in the notebook.</summary>
    public string Id { get; set; } = NewId();
    /// <summary>code, markdown or raw.</summary>
    public string CellType { get; init; } = "code";
    /// <summary>The cell's text.</summary>
    public string Source { get; set; } = "";
    /// <summary>The cell's metadata, kept as read (tags, polyglot_notebook, ...).</summary>
    public JsonObject Metadata { get; set; } = new();
    /// <summary>Code cells: what running the cell produced.</summary>
    public List<CellOutput> Outputs { get; } = new();
    /// <summary>Code cells: the order in which the cell ran, or null if it did not.</summary>
    public int? ExecutionCount { get; set; }
    /// <summary>Markdown and raw cells: attachments, kept as read.</summary>
    public JsonObject? Attachments { get; set; }

    /// <summary>True for code cells.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The cell's tags (metadata.tags).</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").ToList() : Array.Empty<string>();

    /// <summary>True when metadata.tags contains <paramref name="tag"/>.</summary>
    public bool HasTag(string tag) => Tags.Contains(tag, StringComparer.Ordinal);

    /// <summary>
    /// The kernel a code cell is for, read as Polyglot Notebooks does: a leading <c>#!name</c> magic line, else
    /// <c>metadata.polyglot_notebook.kernelName</c>, else the older <c>metadata.dotnet_interactive.language</c>,
    /// else <paramref name="defaultKernel"/>.
    /// </summary>
    public string KernelName(string defaultKernel)
    {
        string first = Source.TrimStart().Split('\n', 2)[0].Trim();
        if (first.StartsWith("#!", StringComparison.Ordinal) && first.Length > 2 && first.IndexOf(' ') < 0 && KnownKernels.Contains(first[2..]))
            return Canonical(first[2..]);
        if (Metadata["polyglot_notebook"]?["kernelName"] is JsonValue k && k.TryGetValue(out string? name) && name.Length > 0) return Canonical(name);
        if (Metadata["dotnet_interactive"]?["language"] is JsonValue l && l.TryGetValue(out string? language) && language.Length > 0) return Canonical(language);
        return Canonical(defaultKernel);
    }

    static readonly HashSet<string> KnownKernels = new(StringComparer.OrdinalIgnoreCase)
    {
        "csharp", "c#", "fsharp", "f#", "pwsh", "powershell", "javascript", "js", "html", "markdown", "md", "mermaid", "sql", "kql", "value", "http",
    };

    static string Canonical(string name) => name.ToLowerInvariant() switch
    {
        "c#" => "csharp",
        "f#" => "fsharp",
        "powershell" => "pwsh",
        "js" => "javascript",
        "md" => "markdown",
        var other => other,
    };

    /// <summary>A new C# code cell with the metadata Polyglot Notebooks writes.</summary>
    public static NotebookCell Code(string source, params string[] tags)
    {
        var cell = new NotebookCell { CellType = "code", Source = source };
        if (tags.Length > 0) cell.Metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        cell.Metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" };
        return cell;
    }

    /// <summary>A new markdown cell.</summary>
    public static NotebookCell Markdown(string source) => new() { CellType = "markdown", Source = source };

    /// <summary>A fresh random id, 8 hex digits like Jupyter's.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..8];

    internal static bool IsValidId(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    internal JsonObject ToJson()
    {
        var json = new JsonObject { ["cell_type"] = CellType };
        if (IsCode) json["execution_count"] = ExecutionCount;
        json["id"] = Id;
        json["metadata"] = Metadata.DeepClone();
        if (IsCode) json["outputs"] = new JsonArray(Outputs.Select(o => (JsonNode?)o.ToJson()).ToArray());
        else if (Attachments is not null) json["attachments"] = Attachments.DeepClone();
        json["source"] = NotebookText.ToLines(Source);
        return json;
    }

    internal static NotebookCell FromJson(JsonObject json)
    {
        var cell = new NotebookCell
        {
            CellType = json["cell_type"]?.GetValue<string>() ?? throw new InvalidDataException("A cell has no cell_type."),
            Source = NotebookText.FromNode(json["source"]),
            Metadata = json["metadata"] is JsonObject m ? (JsonObject)m.DeepClone() : new JsonObject(),
            Attachments = json["attachments"] is JsonObject a ? (JsonObject)a.DeepClone() : null,
        };
        if (json["id"] is JsonValue id && id.TryGetValue(out string? text)) cell.Id = text;
        if (json["execution_count"] is JsonValue n && n.TryGetValue(out int count)) cell.ExecutionCount = count;
        if (json["outputs"] is JsonArray outputs)
            foreach (var o in outputs.OfType<JsonObject>()) cell.Outputs.Add(CellOutput.FromJson(o));
        return cell;
    }
}
