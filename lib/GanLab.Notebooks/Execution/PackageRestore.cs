using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// Restores NuGet packages the process does not carry, with the .NET SDK, as the .NET Interactive kernel does: a
/// throw-away project in GanLab's cache (<c>$GANLAB_CACHE_DIR</c> or <c>~/.cache/ganlab</c>, <c>nuget-restore/</c>) names
/// them; <c>dotnet restore</c> fetches them from the configured feeds (and a cell's <c>#i</c> sources) into the NuGet
/// cache; the project's assets file says which assemblies and native libraries to load. A set restored before is not
/// restored again, so it works offline. <c>GANLAB_NUGET_CONFIG</c> names a NuGet.Config to use instead of the user's
/// and machine's (a workshop's local feed).
/// </summary>
static partial class PackageRestore
{
    /// <summary>Environment variable naming a NuGet.Config for the engine's restores.</summary>
    public const string ConfigVariable = "GANLAB_NUGET_CONFIG";

    /// <summary>What a restore gave: managed assemblies (full paths) and folders holding native libraries.</summary>
    public sealed record Result(IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeFolders);

    /// <exception cref="InvalidOperationException">The restore failed; the message says why (not found, offline, ...) and what to do.</exception>
    public static Result Restore(IReadOnlyList<(string Name, string? Version)> packages, IReadOnlyList<string> sources, CancellationToken cancel)
    {
        string tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        string config = Environment.GetEnvironmentVariable(ConfigVariable) ?? "";
        string key = string.Join("\n", packages.Select(p => $"{p.Name}/{p.Version}").Order(StringComparer.OrdinalIgnoreCase).Concat(sources).Append(tfm).Append(config));
        string folder = Path.Combine(CacheFolder(), "nuget-restore", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]);
        string project = Path.Combine(folder, "restore.csproj");
        string assets = Path.Combine(folder, "obj", "project.assets.json");
        if (!File.Exists(assets) || File.GetLastWriteTimeUtc(assets) < File.GetLastWriteTimeUtc(project) || !Read(assets, out var known) || known.Assemblies.Any(a => !File.Exists(a)))
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(project, Project(packages, sources, tfm));
            Run(project, config, packages, sources, cancel);
            if (!Read(assets, out known)) throw new InvalidOperationException($"dotnet restore wrote no readable assets file ({assets}).");
        }
        return known;
    }

    static string CacheFolder()
    {
        if (Environment.GetEnvironmentVariable("GANLAB_CACHE_DIR") is { Length: > 0 } explicitDir) return explicitDir;
        string root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "ganlab");
    }

    static string Project(IReadOnlyList<(string Name, string? Version)> packages, IReadOnlyList<string> sources, string tfm)
    {
        var text = new StringBuilder();
        text.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
        text.AppendLine("  <!-- Written by GanLab's notebook engine to restore a notebook's #r \"nuget: ...\" packages. -->");
        text.AppendLine("  <PropertyGroup>");
        text.AppendLine($"    <TargetFramework>{tfm}</TargetFramework>");
        text.AppendLine("    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>");
        text.AppendLine("    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>");
        text.AppendLine("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>");
        text.AppendLine("    <EnableDefaultItems>false</EnableDefaultItems>");
        text.AppendLine("    <NuGetAudit>false</NuGetAudit>");
        if (sources.Count > 0) text.AppendLine($"    <RestoreAdditionalProjectSources>{SecurityElement.Escape(string.Join(";", sources))}</RestoreAdditionalProjectSources>");
        text.AppendLine("  </PropertyGroup>");
        text.AppendLine("  <ItemGroup>");
        foreach (var (name, version) in packages)
            text.AppendLine($"    <PackageReference Include=\"{SecurityElement.Escape(name)}\" Version=\"{SecurityElement.Escape(version is null or "" ? "*" : version)}\" />");
        text.AppendLine("  </ItemGroup>");
        text.AppendLine("</Project>");
        return text.ToString();
    }

    [GeneratedRegex(@"error (NU\d{4}): (.*)$", RegexOptions.Multiline)]
    private static partial Regex NuGetError();

    static void Run(string project, string config, IReadOnlyList<(string Name, string? Version)> packages, IReadOnlyList<string> sources, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(DotnetHost.Executable()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "restore", project, "--nologo", "-v", "q" }) psi.ArgumentList.Add(arg);
        if (config.Length > 0) { psi.ArgumentList.Add("--configfile"); psi.ArgumentList.Add(config); }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment.Remove("MSBuildExtensionsPath");
        psi.Environment.Remove("MSBUILD_EXE_PATH");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start dotnet restore.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using (cancel.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
            if (!process.WaitForExit(TimeSpan.FromMinutes(10))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        cancel.ThrowIfCancellationRequested();
        if (process.ExitCode == 0) return;

        string text = output.Result + errors.Result;
        var found = NuGetError().Matches(text).Select(m => (Code: m.Groups[1].Value, Message: m.Groups[2].Value.Trim())).ToList();
        string names = string.Join(", ", packages.Select(p => p.Version is null ? p.Name : $"{p.Name} {p.Version}"));
        string feeds = sources.Count > 0 ? $" (with #i {string.Join(", ", sources)})" : "";
        string detail = found.Count > 0 ? string.Join(" ", found.Select(f => $"{f.Code}: {Clip(f.Message)}").Distinct().Take(3)) : Clip(text.Trim());
        if (found.Any(f => f.Code is "NU1301" or "NU1801" or "NU1300"))
            throw new InvalidOperationException($"Could not restore {names}: the package feeds could not be reached{feeds} (offline?). " +
                $"Packages already in the NuGet cache restore offline; others need the network, or a local feed (#i \"nuget: /absolute/folder\"). NuGet said: {detail}");
        if (found.Any(f => f.Code is "NU1101"))
            throw new InvalidOperationException($"Could not restore {names}: no such package in the configured feeds{feeds}. Check the name, or add the feed that has it with #i \"nuget: URL\". NuGet said: {detail}");
        if (found.Any(f => f.Code is "NU1102" or "NU1103"))
            throw new InvalidOperationException($"Could not restore {names}: that version is not in the configured feeds{feeds}. NuGet said: {detail}");
        throw new InvalidOperationException($"Could not restore {names}: dotnet restore failed (exit {process.ExitCode}). {detail}");
    }

    static string Clip(string text) => text.Length <= 400 ? text : text[..400] + " ...";

    /// <summary>The assets file's runtime assemblies and native folders for this platform.</summary>
    static bool Read(string assetsPath, out Result result)
    {
        result = new Result(Array.Empty<string>(), Array.Empty<string>());
        if (!File.Exists(assetsPath)) return false;
        using var json = JsonDocument.Parse(File.ReadAllText(assetsPath));
        var root = json.RootElement;
        if (!root.TryGetProperty("targets", out var targets) || !root.TryGetProperty("libraries", out var libraries) || !root.TryGetProperty("packageFolders", out var folders))
            return false;
        string packageFolder = folders.EnumerateObject().Select(f => f.Name).FirstOrDefault() ?? "";
        var rids = RidChain();
        var assemblies = new List<string>();
        var natives = new List<string>();
        foreach (var target in targets.EnumerateObject().Take(1))
            foreach (var library in target.Value.EnumerateObject())
            {
                if (!library.Value.TryGetProperty("type", out var type) || type.GetString() != "package") continue;
                if (!libraries.TryGetProperty(library.Name, out var info) || !info.TryGetProperty("path", out var path)) continue;
                string folder = Path.Combine(packageFolder, path.GetString()!);
                // RID-specific managed assemblies replace the portable ones when there are any for this platform.
                var specific = new List<string>();
                if (library.Value.TryGetProperty("runtimeTargets", out var runtimeTargets))
                    foreach (var asset in runtimeTargets.EnumerateObject())
                    {
                        string rid = asset.Value.TryGetProperty("rid", out var r) ? r.GetString() ?? "" : "";
                        string kind = asset.Value.TryGetProperty("assetType", out var k) ? k.GetString() ?? "" : "";
                        if (!rids.Contains(rid) || asset.Name.EndsWith("_._", StringComparison.Ordinal)) continue;
                        string full = Path.GetFullPath(Path.Combine(folder, asset.Name));
                        if (kind == "native") natives.Add(Path.GetDirectoryName(full)!);
                        else if (kind == "runtime") specific.Add(full);
                    }
                if (specific.Count > 0) assemblies.AddRange(specific);
                else if (library.Value.TryGetProperty("runtime", out var runtime))
                    assemblies.AddRange(runtime.EnumerateObject().Where(a => !a.Name.EndsWith("_._", StringComparison.Ordinal)).Select(a => Path.GetFullPath(Path.Combine(folder, a.Name))));
            }
        result = new Result(assemblies, natives.Distinct().ToList());
        return true;
    }

    /// <summary>This platform's runtime identifiers, most specific first: linux-x64, linux, unix, any.</summary>
    static HashSet<string> RidChain()
    {
        string rid = RuntimeInformation.RuntimeIdentifier;
        string os = rid.Split('-')[0];
        var chain = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { rid, os, "any" };
        if (!OperatingSystem.IsWindows()) { chain.Add("unix"); chain.Add($"unix-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}"); }
        if (OperatingSystem.IsMacOS()) { chain.Add("osx"); chain.Add($"osx-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}"); }
        return chain;
    }
}
