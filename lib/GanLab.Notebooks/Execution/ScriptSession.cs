using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using GanLab.Notebooks.Display;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// One notebook's C# session: Roslyn script submissions chained cell after cell, so state carries over, with the
/// kernel's default imports and <c>display</c>/<c>HTML</c> in scope. Directives add references as the kernel's do:
/// a package this process carries (its .deps.json) is used as it is; any other is restored with the .NET SDK
/// (<see cref="PackageRestore"/>); a DLL by path is loaded unless an assembly of the same name is already here (then
/// that one is used: never a second copy).
/// </summary>
sealed class ScriptSession
{
    /// <summary>The imports the C# kernel starts with.</summary>
    static readonly string[] KernelImports = { "System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq" };

    static readonly MethodInfo? HasReturnValueMethod = typeof(Script).GetMethod("HasReturnValue", BindingFlags.Instance | BindingFlags.NonPublic);
    static readonly List<string> ProbeDirectories = new();
    static readonly Dictionary<string, string> RestoredAssemblies = new(StringComparer.OrdinalIgnoreCase);
    static readonly List<string> NativeDirectories = new();
    static int _resolverInstalled, _nativeResolverInstalled;

    readonly KernelGlobals _globals;
    readonly Dictionary<string, string?> _packages = new(StringComparer.OrdinalIgnoreCase);
    readonly List<(string Name, string? Version)> _restored = new();
    readonly List<string> _sources = new();
    readonly HashSet<Assembly> _referenced = new();
    ScriptOptions _options;
    ScriptState<object>? _state;

    public ScriptSession(OutputSink sink)
    {
        _globals = new KernelGlobals(sink);
        _options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithImports(KernelImports)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8)
            .AddReferences(typeof(KernelGlobals).Assembly);
    }

    /// <summary>The last submission that ran (null before the first): what the next cell, or a completion, continues from.</summary>
    public Script? LastScript => _state?.Script;

    /// <summary>The options cells compile with (references and imports added so far).</summary>
    public ScriptOptions Options => _options;

    /// <summary>What running a cell gave: its trailing value (if it has one) or the exception it threw.</summary>
    public sealed record Outcome(bool HasValue, object? Value, Exception? Exception);

    /// <summary>Applies the cell's directives, then compiles and runs its code.</summary>
    /// <exception cref="DirectiveException">A directive cannot be satisfied.</exception>
    /// <exception cref="CompilationErrorException">The code does not compile.</exception>
    public Outcome Run(CellDirectives cell, string filePath, CancellationToken cancel = default)
    {
        if (cell.Errors.Count > 0) throw new DirectiveException(cell.Errors[0].Line, cell.Errors[0].Message);
        foreach (string source in cell.Sources) if (!_sources.Contains(source)) _sources.Add(source);
        var missing = cell.Packages.Where(p => !AddPackage(p)).ToList();
        if (missing.Count > 0) Restore(missing, cancel);
        foreach (var (path, line) in cell.Assemblies) AddAssembly(path, line);
        if (string.IsNullOrWhiteSpace(cell.Code)) return new Outcome(false, null, null);

        var options = _options.WithFilePath(filePath);
        _state = _state is null
            ? CSharpScript.Create<object>(cell.Code, options, typeof(KernelGlobals)).RunAsync(_globals, _ => true, cancel).GetAwaiter().GetResult()
            : _state.ContinueWithAsync<object>(cell.Code, options, _ => true, cancel).GetAwaiter().GetResult();
        if (_state.Exception is { } e) return new Outcome(false, null, e);
        bool hasValue = HasReturnValueMethod?.Invoke(_state.Script, null) is true;
        return new Outcome(hasValue, hasValue ? _state.ReturnValue : null, null);
    }

    /// <summary>References a package this process carries; false when it carries none of that name (it must be restored).</summary>
    bool AddPackage(CellDirectives.PackageRequest request)
    {
        var carried = CarriedPackages.Current;
        if (_packages.TryGetValue(request.Name, out string? earlier) && !SameVersion(earlier, request.Version))
            throw new DirectiveException(request.Line, $"Package {request.Name} was already added with version {earlier ?? "(any)"}; a second version ({request.Version}) cannot be added.");
        _packages[request.Name] = request.Version;

        // The native torch backend is whichever this process loaded (CPU or CUDA); its managed part is TorchSharp.
        string name = CarriedPackages.IsTorchBackend(request.Name) ? "TorchSharp" : request.Name;
        var package = carried.Find(name);
        if (package is null) return false;
        if (!CarriedPackages.IsTorchBackend(request.Name) && !VersionMatches(request.Version, package.Version))
            throw new DirectiveException(request.Line,
                $"Package {request.Name} {request.Version} was asked for; the engine carries {package.Name} {package.Version} (the version GanLab is built with). " +
                $"Use #r \"nuget: {package.Name}, {package.Version}\".");
        foreach (string assemblyName in carried.AssemblyClosure(name))
        {
            try { Reference(Assembly.Load(new AssemblyName(assemblyName))); }
            catch (FileNotFoundException) { /* a runtime asset this platform does not use */ }
        }
        return true;
    }

    /// <summary>
    /// Restores the packages this process does not carry (with every one restored earlier in the session, so versions
    /// resolve together), then references their assemblies: one already loaded or carried is used as it is.
    /// </summary>
    void Restore(List<CellDirectives.PackageRequest> missing, CancellationToken cancel)
    {
        var wanted = _restored.Concat(missing.Select(p => (p.Name, p.Version))).ToList();
        PackageRestore.Result result;
        try { result = PackageRestore.Restore(wanted, _sources, cancel); }
        catch (InvalidOperationException e) { throw new DirectiveException(missing[0].Line, e.Message); }
        _restored.AddRange(missing.Select(p => (p.Name, p.Version)));
        lock (ProbeDirectories)
        {
            foreach (string path in result.Assemblies) RestoredAssemblies.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            foreach (string folder in result.NativeFolders) if (!NativeDirectories.Contains(folder)) NativeDirectories.Add(folder);
        }
        InstallResolvers();
        foreach (string path in result.Assemblies)
        {
            string name = Path.GetFileNameWithoutExtension(path);
            try
            {
                var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => !a.IsDynamic && string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? (IsCarried(name) ? Assembly.Load(new AssemblyName(name)) : AssemblyLoadContext.Default.LoadFromAssemblyPath(path));
                Reference(loaded);
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException) { /* not loadable here (a reference assembly, another platform) */ }
        }
    }

    void AddAssembly(string path, int line)
    {
        string full = Path.GetFullPath(path);
        string name = File.Exists(full) ? AssemblyName.GetAssemblyName(full).Name ?? Path.GetFileNameWithoutExtension(full) : Path.GetFileNameWithoutExtension(full);
        // Already here (GanLab.dll, TorchSharp.dll, ...): use the loaded copy, whatever the path says.
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => !a.IsDynamic && string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));
        if (loaded is null && IsCarried(name))
            loaded = Assembly.Load(new AssemblyName(name));
        if (loaded is not null)
        {
            Reference(loaded);
            return;
        }
        if (!File.Exists(full))
            throw new DirectiveException(line, $"#r \"{path}\": no such file ({full}). A relative path is read from the notebook's folder.");
        lock (ProbeDirectories)
            if (!ProbeDirectories.Contains(Path.GetDirectoryName(full)!)) ProbeDirectories.Add(Path.GetDirectoryName(full)!);
        InstallResolvers();
        Reference(AssemblyLoadContext.Default.LoadFromAssemblyPath(full));
    }

    void Reference(Assembly assembly)
    {
        if (_referenced.Add(assembly)) _options = _options.AddReferences(assembly);
    }

    static bool IsCarried(string assemblyName) =>
        (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string)?.Split(Path.PathSeparator)
            .Any(p => string.Equals(Path.GetFileNameWithoutExtension(p), assemblyName, StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>
    /// Dependencies of DLLs referenced by path are looked for beside them, and those of restored packages in the NuGet
    /// cache; native libraries of restored packages in their runtimes/RID/native folders.
    /// </summary>
    static void InstallResolvers()
    {
        if (Interlocked.Exchange(ref _resolverInstalled, 1) == 0)
            AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                lock (ProbeDirectories)
                {
                    if (name.Name is { } simple && RestoredAssemblies.TryGetValue(simple, out string? restored)) return context.LoadFromAssemblyPath(restored);
                    foreach (string dir in ProbeDirectories)
                    {
                        string candidate = Path.Combine(dir, name.Name + ".dll");
                        if (File.Exists(candidate)) return context.LoadFromAssemblyPath(candidate);
                    }
                }
                return null;
            };
        if (Interlocked.Exchange(ref _nativeResolverInstalled, 1) == 0)
            AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) =>
            {
                string[] files = { name, $"lib{name}.so", $"{name}.so", $"lib{name}.dylib", $"{name}.dylib", $"{name}.dll" };
                lock (ProbeDirectories)
                    foreach (string dir in NativeDirectories)
                        foreach (string file in files)
                            if (Path.Combine(dir, file) is var path && File.Exists(path) && System.Runtime.InteropServices.NativeLibrary.TryLoad(path, out var handle))
                                return handle;
                return IntPtr.Zero;
            };
    }

    static bool IsWildcard(string? version) => version is null or "*" or "*-*" || version.Length == 0;

    static bool SameVersion(string? a, string? b) => IsWildcard(a) || IsWildcard(b) || string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    static bool VersionMatches(string? requested, string carried)
    {
        if (IsWildcard(requested)) return true;
        if (Version.TryParse(requested, out var r) && Version.TryParse(carried, out var c))
            return r.Major == c.Major && r.Minor == c.Minor && Math.Max(r.Build, 0) == Math.Max(c.Build, 0) && Math.Max(r.Revision, 0) == Math.Max(c.Revision, 0);
        return string.Equals(requested, carried, StringComparison.OrdinalIgnoreCase);
    }
}
