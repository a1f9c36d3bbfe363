using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// Papermill's convention for C#: the cell tagged <c>parameters</c> declares every knob with its default
/// (<c>int Epochs = 20;</c>); a run's values go into a new cell right after it, tagged <c>injected-parameters</c>,
/// as assignments typed like the declarations (<c>Epochs = 5;</c>, <c>LearningRate = 0.001f;</c>).
/// A declaration's smoke value is a trailing comment on its line, in C#: <c>int Epochs = 20; // smoke: 1</c>.
/// </summary>
public static class ParameterInjector
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    sealed record Declared(string Name, string Type, string? Smoke, string? Default);

    /// <summary>Injects smoke values (when asked) then <paramref name="overrides"/>; returns what was injected, as code by name.</summary>
    /// <exception cref="ArgumentException">No parameters cell, an unknown name, or a value that does not fit its type.</exception>
    public static Dictionary<string, string> Inject(Notebook notebook, IReadOnlyList<KeyValuePair<string, string>> overrides, bool smoke, bool skipUndeclared = false)
    {
        notebook.Cells.RemoveAll(c => c.HasTag(InjectedTag));
        var assignments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (overrides.Count == 0 && !smoke) return assignments;
        int index = notebook.Cells.FindIndex(c => c.IsCode && c.HasTag(ParametersTag));
        if (index < 0)
        {
            if (overrides.Count == 0 || skipUndeclared) return assignments; // nothing this notebook declares: run as it is
            throw new ArgumentException($"The notebook has no code cell tagged '{ParametersTag}', so -p {overrides[0].Key}=... has nowhere to go.");
        }
        var declared = Parse(notebook.Cells[index].Source).ToDictionary(d => d.Name, StringComparer.Ordinal);
        if (smoke)
            foreach (var d in declared.Values.Where(d => d.Smoke is not null)) assignments[d.Name] = d.Smoke!;
        foreach (var (name, value) in overrides)
        {
            if (!declared.TryGetValue(name, out var d))
            {
                if (skipUndeclared) continue;
                throw new ArgumentException($"-p {name}: the parameters cell declares no '{name}' (it declares {string.Join(", ", declared.Keys)}).");
            }
            assignments[name] = Literal(d, value);
        }
        if (assignments.Count == 0) return assignments;
        var source = new StringBuilder("// Parameters injected by ganlab run" + (smoke ? " (smoke mode)" : ""));
        foreach (var (name, code) in assignments) source.Append('\n').Append(name).Append(" = ").Append(code).Append(';');
        notebook.Cells.Insert(index + 1, NotebookCell.Code(source.ToString(), InjectedTag));
        return assignments;
    }

    /// <summary>The names the notebook's parameters cell declares (none when it has no such cell).</summary>
    public static IReadOnlyList<string> DeclaredNames(Notebook notebook) =>
        notebook.Cells.FirstOrDefault(c => c.IsCode && c.HasTag(ParametersTag)) is { } cell ? Parse(cell.Source).Select(d => d.Name).ToList() : Array.Empty<string>();

    /// <summary>Each declared parameter's default as written (C# code: <c>3_000</c>, <c>"faces"</c>); with <paramref name="smoke"/>, the smoke value where one is given.</summary>
    public static IReadOnlyDictionary<string, string> DeclaredDefaults(Notebook notebook, bool smoke = false) =>
        notebook.Cells.FirstOrDefault(c => c.IsCode && c.HasTag(ParametersTag)) is { } cell
            ? Parse(cell.Source).Where(d => d.Default is not null).ToDictionary(d => d.Name, d => smoke && d.Smoke is not null ? d.Smoke : d.Default!, StringComparer.Ordinal)
            : new Dictionary<string, string>();

    static IEnumerable<Declared> Parse(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
        foreach (var node in tree.GetRoot().ChildNodes())
        {
            var declaration = node switch
            {
                FieldDeclarationSyntax f => f.Declaration,
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
                _ => null,
            };
            if (declaration is null) continue;
            string? smoke = node.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia))
                .Select(t => t.ToString()[2..].Trim())
                .Where(c => c.StartsWith("smoke:", StringComparison.OrdinalIgnoreCase))
                .Select(c => c["smoke:".Length..].Trim()).FirstOrDefault();
            foreach (var variable in declaration.Variables)
            {
                string type = declaration.Type.ToString();
                if (type == "var" && variable.Initializer?.Value is LiteralExpressionSyntax literal)
                    type = literal.Token.Value switch
                    {
                        int => "int", long => "long", float => "float", double => "double", decimal => "decimal", bool => "bool", string => "string",
                        _ => "var",
                    };
                yield return new Declared(variable.Identifier.Text, type, smoke, variable.Initializer?.Value.ToString());
            }
        }
    }

    /// <summary>A command-line value as a C# literal of the declared type (other types take the value as code).</summary>
    static string Literal(Declared d, string value)
    {
        var inv = CultureInfo.InvariantCulture;
        string type = d.Type.TrimEnd('?');
        string Fail(string what) => throw new ArgumentException($"-p {d.Name}={value}: {d.Name} is {d.Type}, and '{value}' is not {what}.");
        switch (type)
        {
            case "int" or "long" or "short" or "byte" or "uint" or "ulong":
                return long.TryParse(value, NumberStyles.Integer, inv, out long n) ? n.ToString(inv) + (type == "long" ? "L" : "") : Fail("a whole number");
            case "float" or "double" or "decimal":
                if (!double.TryParse(value, NumberStyles.Float, inv, out double x)) return Fail("a number");
                string text = x.ToString("R", inv);
                return type switch { "float" => text + "f", "decimal" => text + "m", _ => text.Contains('.') || text.Contains('E') ? text : text + ".0" };
            case "bool":
                return bool.TryParse(value, out bool b) ? (b ? "true" : "false") : Fail("true or false");
            case "string":
                return SymbolDisplay.FormatLiteral(value, quote: true);
            default:
                return value;
        }
    }

    internal static JsonObject ToJson(Dictionary<string, string> assignments)
    {
        var json = new JsonObject();
        foreach (var (name, code) in assignments) json[name] = code;
        return json;
    }
}
