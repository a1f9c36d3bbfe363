using System.Text;
using System.Text.RegularExpressions;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// A C# cell split as the kernel reads it: its directives (<c>#r "nuget: Name, Version"</c>, <c>#i "nuget: source"</c>,
/// <c>#r "path.dll"</c>, <c>#!time</c>) and the code Roslyn compiles. Directive lines are blanked, not removed,
/// so line numbers in errors are the cell's own.
/// </summary>
sealed partial class CellDirectives
{
    public List<PackageRequest> Packages { get; } = new();
    public List<string> Sources { get; } = new();
    public List<(string Path, int Line)> Assemblies { get; } = new();
    public bool Time { get; private set; }
    public string Code { get; private set; } = "";

    /// <summary>A directive that cannot work, with its 1-based line.</summary>
    public List<(int Line, string Message)> Errors { get; } = new();

    public sealed record PackageRequest(string Name, string? Version, int Line);

    [GeneratedRegex("""^#(r|i)\s+"([^"]*)"\s*(//.*)?$""")]
    private static partial Regex QuotedDirective();

    /// <summary>A URL or an absolute folder: the only package sources the kernel's #i accepts.</summary>
    static bool IsAbsoluteSource(string spec) => spec.Contains("://", StringComparison.Ordinal) || Path.IsPathFullyQualified(spec);

    public static CellDirectives Parse(string source)
    {
        var result = new CellDirectives();
        var code = new StringBuilder();
        string[] lines = source.Replace("\r\n", "\n").Split('\n');
        bool codeSeen = false, inBlockComment = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i], trimmed = line.Trim();
            bool directive = false;
            if (!inBlockComment && line.StartsWith('#'))
            {
                if (trimmed == "#!time") { result.Time = true; directive = true; }
                else if (trimmed is "#!csharp" or "#!c#" or "#!C#") directive = true;
                else if (trimmed.StartsWith("#!", StringComparison.Ordinal))
                {
                    result.Errors.Add((i + 1, $"'{trimmed}' is not a directive the GanLab engine supports (it runs C#, with #r, #i and #!time)."));
                    directive = true;
                }
                else if (QuotedDirective().Match(trimmed) is { Success: true } m)
                {
                    directive = true;
                    string kind = m.Groups[1].Value, argument = m.Groups[2].Value.Trim();
                    if (argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                    {
                        string spec = argument["nuget:".Length..].Trim();
                        if (kind == "i" && !IsAbsoluteSource(spec))
                            result.Errors.Add((i + 1, $"#i \"nuget: {spec}\": a relative package source does not work in the .NET Interactive kernel (dotnet/interactive issue 3110); use an absolute path or a URL."));
                        else if (kind == "i") result.Sources.Add(spec);
                        else
                        {
                            string[] parts = spec.Split(',', 2, StringSplitOptions.TrimEntries);
                            if (parts[0].Length == 0) result.Errors.Add((i + 1, $"'{trimmed}' names no package."));
                            else result.Packages.Add(new PackageRequest(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null, i + 1));
                        }
                    }
                    else if (kind == "r")
                    {
                        if (codeSeen) result.Errors.Add((i + 1, $"#r \"{argument}\" must come before any code in its cell (error CS7011: #r is only allowed in scripts before the first token)."));
                        else result.Assemblies.Add((argument, i + 1));
                    }
                    else result.Sources.Add(argument);
                }
            }
            if (directive) code.Append('\n');
            else
            {
                code.Append(line).Append('\n');
                if (!inBlockComment && trimmed.Length > 0 && !trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.StartsWith('#') && !trimmed.StartsWith("/*", StringComparison.Ordinal))
                    codeSeen = true;
                if (trimmed.Contains("/*", StringComparison.Ordinal) && !trimmed.Contains("*/", StringComparison.Ordinal)) inBlockComment = true;
                else if (inBlockComment && trimmed.Contains("*/", StringComparison.Ordinal)) inBlockComment = false;
            }
        }
        result.Code = code.ToString(0, Math.Max(0, code.Length - 1));
        return result;
    }
}
