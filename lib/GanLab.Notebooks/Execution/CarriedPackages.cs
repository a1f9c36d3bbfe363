using System.Text.Json;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// The NuGet packages this process was built with (read from its .deps.json): GanLab's dependencies (TorchSharp,
/// the native torch backend, SkiaSharp, Plotly.NET, ...). A notebook's <c>#r "nuget: ..."</c> is satisfied from
/// these assemblies, already loaded or loadable, never by restoring or loading another copy.
/// </summary>
sealed class CarriedPackages
{
    public sealed record Package(string Name, string Version, IReadOnlyList<string> Assemblies, IReadOnlyList<string> Dependencies);

    readonly Dictionary<string, Package> _packages;

    CarriedPackages(Dictionary<string, Package> packages) => _packages = packages;

    static readonly Lazy<CarriedPackages> Lazy = new(Load);

    /// <summary>The packages of the running application.</summary>
    public static CarriedPackages Current => Lazy.Value;

    public IEnumerable<Package> All => _packages.Values;

    public Package? Find(string name) => _packages.GetValueOrDefault(name);

    /// <summary>True for the packages that only bring torch's native backend: libtorch-*, TorchSharp-cpu, TorchSharp-cuda-*.</summary>
    public static bool IsTorchBackend(string name) =>
        name.StartsWith("libtorch-", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("TorchSharp-cpu", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("TorchSharp-cuda-", StringComparison.OrdinalIgnoreCase);

    /// <summary>The assembly names of a package and of everything it depends on.</summary>
    public IReadOnlyList<string> AssemblyClosure(string name)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var assemblies = new List<string>();
        void Visit(string n)
        {
            if (!seen.Add(n) || Find(n) is not { } p) return;
            assemblies.AddRange(p.Assemblies);
            foreach (string d in p.Dependencies) Visit(d);
        }
        Visit(name);
        return assemblies;
    }

    /// <summary>Reads the application's .deps.json (the host's, and those beside it: a test host runs from another one).</summary>
    static CarriedPackages Load()
    {
        var packages = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        var files = ((AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(Path.PathSeparator) ?? Array.Empty<string>())
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.deps.json"))
            .Where(File.Exists).Distinct();
        foreach (string file in files) Read(file, packages);
        return new CarriedPackages(packages);
    }

    static void Read(string depsFile, Dictionary<string, Package> packages)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(depsFile));
        var root = json.RootElement;
        var kinds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("libraries", out var libraries))
            foreach (var library in libraries.EnumerateObject())
                kinds[library.Name] = library.Value.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        if (!root.TryGetProperty("targets", out var targets)) return;
        foreach (var target in targets.EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (kinds.GetValueOrDefault(library.Name) != "package") continue;
                string[] nameVersion = library.Name.Split('/', 2);
                if (packages.ContainsKey(nameVersion[0])) continue;
                var assemblies = library.Value.TryGetProperty("runtime", out var runtime)
                    ? runtime.EnumerateObject().Select(a => Path.GetFileNameWithoutExtension(a.Name)).ToList()
                    : new List<string>();
                var dependencies = library.Value.TryGetProperty("dependencies", out var deps)
                    ? deps.EnumerateObject().Select(d => d.Name).ToList()
                    : new List<string>();
                packages[nameVersion[0]] = new Package(nameVersion[0], nameVersion.Length > 1 ? nameVersion[1] : "", assemblies, dependencies);
            }
        }
    }
}
