using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GanLab.Notebooks;

/// <summary>
/// A Jupyter notebook (nbformat 4.5): metadata and cells. Reads 4.x files (giving cells ids where they have none)
/// and writes 4.5 as Jupyter does (one-space indent, lines as lists), so every file validates against the schema.
/// </summary>
public sealed class Notebook
{
    /// <summary>The notebook's metadata, kept as read (kernelspec, language_info, polyglot_notebook, ...).</summary>
    public JsonObject Metadata { get; set; } = new();
    /// <summary>The cells, in order.</summary>
    public List<NotebookCell> Cells { get; } = new();

    /// <summary>The kernelspec name of GanLab's own C# Jupyter kernel (the course notebooks name it).</summary>
    public const string GanLabKernelName = "ganlab-csharp";

    /// <summary>True when the kernelspec is a .NET Interactive one (its name starts with ".net-").</summary>
    public bool IsDotNet => KernelspecName?.StartsWith(".net-", StringComparison.Ordinal) == true;

    /// <summary>
    /// True for a notebook the engine runs: GanLab's kernel (<see cref="GanLabKernelName"/>), a .NET Interactive one, or
    /// any kernelspec whose language is C#.
    /// </summary>
    public bool IsCSharp => KernelspecName == GanLabKernelName || IsDotNet ||
        (Metadata["kernelspec"]?["language"] is JsonValue v && v.TryGetValue(out string? language) && language.ToLowerInvariant() is "c#" or "csharp");

    /// <summary>metadata.kernelspec.name, or null.</summary>
    public string? KernelspecName => Metadata["kernelspec"]?["name"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>The kernel that cells without their own say run in: polyglot_notebook.kernelInfo.defaultKernelName, else from the kernelspec.</summary>
    public string DefaultKernelName
    {
        get
        {
            if (Metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] is JsonValue v && v.TryGetValue(out string? name) && name.Length > 0) return name;
            return KernelspecName switch
            {
                ".net-fsharp" => "fsharp",
                ".net-pwsh" or ".net-powershell" => "pwsh",
                _ => "csharp",
            };
        }
    }

    /// <summary>A new, empty C# notebook with the metadata Polyglot Notebooks (VS Code) writes.</summary>
    public static Notebook CreateCSharp()
    {
        var notebook = new Notebook();
        notebook.Metadata["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        notebook.Metadata["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" };
        notebook.Metadata["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        };
        return notebook;
    }

    /// <summary>Reads a notebook file.</summary>
    /// <exception cref="InvalidDataException">Not an nbformat 4 notebook.</exception>
    public static Notebook Load(string path)
    {
        try { return Parse(File.ReadAllText(path)); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
        catch (JsonException e) { throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e); }
    }

    /// <summary>Reads a notebook from its JSON text.</summary>
    public static Notebook Parse(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("A notebook is a JSON object.");
        int major = root["nbformat"]?.GetValue<int>() ?? 0;
        if (major != 4) throw new InvalidDataException($"Only nbformat 4 notebooks are supported (this one says nbformat {major}).");
        var notebook = new Notebook { Metadata = root["metadata"] is JsonObject m ? (JsonObject)m.DeepClone() : new JsonObject() };
        if (root["cells"] is JsonArray cells)
            foreach (var c in cells.OfType<JsonObject>()) notebook.Cells.Add(NotebookCell.FromJson(c));
        notebook.EnsureIds();
        return notebook;
    }

    /// <summary>Gives every cell a valid id, unique in the notebook (ids already valid and unique are kept).</summary>
    public void EnsureIds()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in Cells)
        {
            if (!NotebookCell.IsValidId(cell.Id) || seen.Contains(cell.Id))
                do cell.Id = NotebookCell.NewId(); while (seen.Contains(cell.Id));
            seen.Add(cell.Id);
        }
    }

    /// <summary>The notebook as nbformat 4.5 JSON, as Jupyter writes it (one-space indent, trailing newline).</summary>
    public string ToJson()
    {
        EnsureIds();
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(Cells.Select(c => (JsonNode?)c.ToJson()).ToArray()),
            ["metadata"] = Metadata.DeepClone(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        var options = new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return root.ToJsonString(options) + "\n";
    }

    /// <summary>Writes the notebook atomically (a temporary file beside it, then a rename): a reader never sees half a file.</summary>
    public void Save(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(new UTF8Encoding(false).GetBytes(ToJson()));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
