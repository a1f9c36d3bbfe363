using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using GanLab.Notebooks.Display;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// Completions and inspection for code typed into a cell, against the session as it is: the code is compiled as the
/// next submission (nothing runs), so variables and functions from earlier cells, referenced libraries' types and
/// their members are all known. Summaries come from the XML documentation beside each assembly (the framework's from
/// its reference pack).
/// </summary>
static partial class CodeAssist
{
    static readonly string[] Keywords =
    {
        "abstract", "as", "async", "await", "base", "bool", "break", "byte", "case", "catch", "char", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "false", "finally", "float", "for", "foreach", "if",
        "in", "int", "interface", "internal", "is", "long", "nameof", "new", "null", "object", "out", "override", "params",
        "private", "protected", "public", "readonly", "record", "ref", "return", "sbyte", "sealed", "short", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "ushort", "using", "var", "virtual",
        "void", "while", "with", "yield",
    };

    static readonly SymbolDisplayFormat Signature = SymbolDisplayFormat.MinimallyQualifiedFormat
        .WithMemberOptions(SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeRef)
        .WithParameterOptions(SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeDefaultValue | SymbolDisplayParameterOptions.IncludeParamsRefOut)
        .WithKindOptions(SymbolDisplayKindOptions.IncludeTypeKeyword);

    /// <summary>The code as the next submission after <paramref name="previous"/>, with its tree and semantic model.</summary>
    static (SyntaxTree Tree, SemanticModel Model) Compile(Script? previous, ScriptOptions options, string code)
    {
        Script script = previous is null
            ? CSharpScript.Create<object>(BlankDirectives(code), options, typeof(KernelGlobals))
            : previous.ContinueWith<object>(BlankDirectives(code), options);
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        return (tree, compilation.GetSemanticModel(tree));
    }

    /// <summary>Directive lines (#r, #i, #!) as spaces: Roslyn sees the code, and every offset stays where it was.</summary>
    static string BlankDirectives(string code) => DirectiveLine().Replace(code, m => new string(' ', m.Length));

    [GeneratedRegex(@"^#(r|i|!)[^\n]*", RegexOptions.Multiline)]
    private static partial Regex DirectiveLine();

    public static CompletionList Complete(Script? previous, ScriptOptions options, string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        int start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        string prefix = code[start..cursor];
        var (tree, model) = Compile(previous, options, code);
        var root = tree.GetRoot();

        IEnumerable<ISymbol> symbols;
        bool afterDot = start > 0 && code[start - 1] == '.';
        if (afterDot && Receiver(root.FindToken(start - 1)) is { } receiver)
        {
            var target = model.GetSymbolInfo(receiver).Symbol;
            symbols = target switch
            {
                INamespaceSymbol ns => model.LookupNamespacesAndTypes(start, ns),
                INamedTypeSymbol type => model.LookupStaticMembers(start, type),   // Type.Member
                _ => model.GetTypeInfo(receiver).Type is { } type
                    ? model.LookupSymbols(start, type, includeReducedExtensionMethods: true).Where(s => !s.IsStatic || s is IMethodSymbol { MethodKind: MethodKind.ReducedExtension })
                    : Enumerable.Empty<ISymbol>(),
            };
        }
        else symbols = afterDot ? Enumerable.Empty<ISymbol>() : model.LookupSymbols(start);

        var items = symbols
            .Where(s => s.CanBeReferencedByName && !s.IsImplicitlyDeclared && s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Where(s => s.DeclaredAccessibility is Accessibility.Public or Accessibility.NotApplicable || IsScriptSymbol(s))
            .GroupBy(s => s.Name)
            .Select(g => new Completion(g.Key, Kind(g.First()), g.First().ToDisplayString(Signature)))
            .ToList();
        if (!afterDot)
            items.AddRange(Keywords.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && items.All(i => i.Text != k)).Select(k => new Completion(k, "keyword", k)));
        var ordered = items
            .OrderBy(i => i.Text.StartsWith(prefix, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(i => i.Kind == "keyword" ? 1 : 0)
            .ThenBy(i => i.Text, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new CompletionList(ordered, start, cursor);
    }

    /// <summary>The signature and documentation summary of the symbol at (or called around) the cursor; null when there is none.</summary>
    public static string? Inspect(Script? previous, ScriptOptions options, string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var (tree, model) = Compile(previous, options, code);
        var root = tree.GetRoot();
        var token = root.FindToken(Math.Max(0, cursor - 1));
        if (!token.IsKind(SyntaxKind.IdentifierToken) && cursor < code.Length) token = root.FindToken(cursor);
        SyntaxNode? node = token.IsKind(SyntaxKind.IdentifierToken) ? token.Parent : null;
        if (node is null)
        {
            // Inside a call's parentheses: the method being called.
            var call = token.Parent?.AncestorsAndSelf().FirstOrDefault(n => n is ArgumentListSyntax)?.Parent;
            node = call switch
            {
                InvocationExpressionSyntax invocation => invocation.Expression,
                BaseObjectCreationExpressionSyntax creation => creation,
                _ => null,
            };
        }
        if (node is null) return null;
        var info = model.GetSymbolInfo(node);
        var symbols = info.Symbol is { } one ? new[] { one } : info.CandidateSymbols.ToArray();
        if (symbols.Length == 0 && model.GetDeclaredSymbol(node) is { } declared) symbols = new[] { declared };
        if (symbols.Length == 0 && model.GetTypeInfo(node).Type is { TypeKind: not TypeKind.Error } type) symbols = new ISymbol[] { type };
        if (symbols.Length == 0) return null;

        var text = new StringBuilder();
        foreach (var symbol in symbols.Take(6))
        {
            text.AppendLine(symbol.ToDisplayString(Signature));
            if (Documentation.Summary(symbol) is { Length: > 0 } summary) text.AppendLine("  " + summary);
        }
        if (symbols.Length > 6) text.AppendLine($"(+{symbols.Length - 6} more overloads)");
        return text.ToString().TrimEnd();
    }

    /// <summary>The expression left of the dot at <paramref name="dot"/>: a member access, a qualified name or a conditional access.</summary>
    static ExpressionSyntax? Receiver(SyntaxToken dot) => dot.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Expression,
        QualifiedNameSyntax qualified => qualified.Left,
        MemberBindingExpressionSyntax binding => binding.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression,
        _ => null,
    };

    static bool IsScriptSymbol(ISymbol symbol) => symbol.ContainingType is { IsScriptClass: true } || symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol;

    static string Kind(ISymbol symbol) => symbol switch
    {
        IMethodSymbol => "method",
        IPropertySymbol => "property",
        IFieldSymbol { ContainingType.IsScriptClass: true } => "variable",
        IFieldSymbol f => f.IsConst ? "constant" : "field",
        IEventSymbol => "event",
        ILocalSymbol or IParameterSymbol or IRangeVariableSymbol => "variable",
        INamespaceSymbol => "namespace",
        INamedTypeSymbol t => t.TypeKind switch
        {
            TypeKind.Interface => "interface", TypeKind.Struct => "struct", TypeKind.Enum => "enum", TypeKind.Delegate => "delegate",
            _ => t.IsRecord ? "record" : "class",
        },
        _ => symbol.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Summaries from XML documentation files, by documentation id.</summary>
    static class Documentation
    {
        static readonly ConcurrentDictionary<string, Dictionary<string, XElement>?> Files = new(StringComparer.OrdinalIgnoreCase);

        public static string? Summary(ISymbol symbol)
        {
            var definition = symbol.OriginalDefinition;
            if (definition is IMethodSymbol { ReducedFrom: { } reduced }) definition = reduced;
            string? id = definition.GetDocumentationCommentId();
            string? assembly = definition.ContainingAssembly?.Identity.Name;
            if (id is null || assembly is null) return null;
            foreach (string file in XmlFiles(assembly))
                if (Members(file) is { } members && members.TryGetValue(id, out var member))
                    return Text(member.Element("summary"));
            return null;
        }

        /// <summary>The XML beside the loaded assembly, else the framework's reference-pack XML(s) for it.</summary>
        static IEnumerable<string> XmlFiles(string assemblyName)
        {
            var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => !a.IsDynamic && a.GetName().Name == assemblyName);
            if (loaded is { Location.Length: > 0 } && Path.ChangeExtension(loaded.Location, ".xml") is var beside && File.Exists(beside)) yield return beside;
            if (ReferencePack() is not { } pack) yield break;
            // The core library's types are documented under the reference assemblies that expose them.
            var names = assemblyName == "System.Private.CoreLib" ? new[] { "System.Runtime", "System.Collections", "System.Console", "System.Threading" } : new[] { assemblyName };
            foreach (string name in names)
                if (Path.Combine(pack, name + ".xml") is var xml && File.Exists(xml)) yield return xml;
        }

        static string? ReferencePack()
        {
            string runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
            var root = new DirectoryInfo(runtime.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Parent?.Parent;
            var packs = root is null ? null : new DirectoryInfo(Path.Combine(root.FullName, "packs", "Microsoft.NETCore.App.Ref"));
            if (packs is not { Exists: true }) return null;
            string tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
            return packs.GetDirectories($"{Environment.Version.Major}.{Environment.Version.Minor}.*")
                .OrderByDescending(d => Version.TryParse(d.Name.Split('-')[0], out var v) ? v : new Version())
                .Select(d => Path.Combine(d.FullName, "ref", tfm)).FirstOrDefault(Directory.Exists);
        }

        static Dictionary<string, XElement>? Members(string file) => Files.GetOrAdd(file, f =>
        {
            try
            {
                return XDocument.Load(f).Descendants("member")
                    .Where(m => m.Attribute("name") is not null)
                    .GroupBy(m => m.Attribute("name")!.Value)
                    .ToDictionary(g => g.Key, g => g.First());
            }
            catch (Exception e) when (e is IOException or System.Xml.XmlException) { return null; }
        });

        /// <summary>A summary as one line of text: &lt;see cref&gt; as the name, &lt;c&gt; and &lt;paramref&gt; as their text.</summary>
        static string? Text(XElement? summary)
        {
            if (summary is null) return null;
            var text = new StringBuilder();
            foreach (var node in summary.Nodes())
            {
                switch (node)
                {
                    case XText t: text.Append(t.Value); break;
                    case XElement { Name.LocalName: "see" or "seealso" } see:
                        string? cref = see.Attribute("cref")?.Value ?? see.Attribute("langword")?.Value ?? see.Attribute("href")?.Value;
                        text.Append(see.Value.Length > 0 ? see.Value : cref is null ? "" : cref[(cref.IndexOf(':') + 1)..].Split('(')[0].Split('.').Last().Split('`')[0]);
                        break;
                    case XElement { Name.LocalName: "paramref" or "typeparamref" } p: text.Append(p.Attribute("name")?.Value); break;
                    case XElement e: text.Append(e.Value); break;
                }
            }
            return Regex.Replace(text.ToString(), @"\s+", " ").Trim();
        }
    }
}
