using System.IO.Compression;
using GanLab.Notebooks;
using GanLab.Notebooks.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GanLab.Tests.Notebooks;

/// <summary>
/// <c>#r "nuget: ..."</c> for a package the engine does not carry is restored with the .NET SDK, as a C# kernel user
/// expects, with a clear error when it does not exist or the feeds cannot be reached. The feeds here are a local
/// folder holding a package the test builds, or an address nothing listens on: nothing needs the internet.
/// </summary>
public class PackageRestoreTests
{
    /// <summary>A .nupkg holding one assembly compiled from <paramref name="code"/>, written into <paramref name="feed"/>.</summary>
    static void MakePackage(string feed, string id, string version, string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll").Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(id, new[] { CSharpSyntaxTree.ParseText(code) }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var dll = new MemoryStream();
        var emitted = compilation.Emit(dll);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        using var zip = ZipFile.Open(Path.Combine(feed, $"{id}.{version}.nupkg"), ZipArchiveMode.Create);
        void Add(string name, byte[] bytes)
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(bytes);
        }
        Add($"{id}.nuspec", System.Text.Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata><id>{id}</id><version>{version}</version><authors>GanLab tests</authors><description>A package made by a test.</description></metadata>
            </package>
            """));
        Add($"lib/net{Environment.Version.Major}.{Environment.Version.Minor}/{id}.dll", dll.ToArray());
    }

    /// <summary>A NuGet.Config whose only package source is <paramref name="source"/>.</summary>
    public static string Config(string folder, string source)
    {
        string path = Path.Combine(folder, "NuGet.Config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="only" value="{source}" /></packageSources></configuration>
            """);
        return path;
    }

    static Notebook Run(string code)
    {
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Code(code));
        NotebookRunner.Run(notebook, Path.Combine(NotebookFiles.TempFolder(), "restore.ipynb"), new RunOptions());
        return notebook;
    }

    [Fact]
    public void A_package_not_carried_is_restored_from_the_configured_feeds_and_used()
    {
        string folder = NotebookFiles.TempFolder(), feed = Directory.CreateDirectory(Path.Combine(folder, "feed")).FullName;
        string id = "GanLab.Test.Greeting" + Guid.NewGuid().ToString("N")[..6];
        MakePackage(feed, id, "1.0.0", "public static class Greeting { public static string Hello(string name) => \"hello \" + name; }");
        using var _ = new EnvironmentVariables((PackageRestore.ConfigVariable, Config(folder, feed)), ("NUGET_PACKAGES", Path.Combine(folder, "packages")));
        var notebook = Run($"#r \"nuget: {id}, 1.0.0\"\nGreeting.Hello(\"kernel\")");
        var output = notebook.Cells[0].Outputs.Single();
        Assert.True(output.OutputType == "execute_result", $"{output.EName}: {output.EValue}");
        Assert.Equal("hello kernel", output.Data["text/plain"]);
    }

    [Fact]
    public void A_package_that_does_not_exist_is_an_error_saying_so()
    {
        string folder = NotebookFiles.TempFolder(), feed = Directory.CreateDirectory(Path.Combine(folder, "feed")).FullName;
        using var _ = new EnvironmentVariables((PackageRestore.ConfigVariable, Config(folder, feed)), ("NUGET_PACKAGES", Path.Combine(folder, "packages")));
        var error = Run("#r \"nuget: GanLab.Test.NoSuchPackage, 1.0.0\"\n1").Cells[0].Outputs.Single();
        Assert.Equal("DirectiveError", error.EName);
        Assert.Contains("Could not restore GanLab.Test.NoSuchPackage 1.0.0: no such package in the configured feeds", error.EValue);
        Assert.Contains("line 1", string.Join("\n", error.Traceback));
    }

    [Fact]
    public void Unreachable_feeds_are_an_error_that_says_offline()
    {
        string folder = NotebookFiles.TempFolder();
        using var _ = new EnvironmentVariables((PackageRestore.ConfigVariable, Config(folder, "https://127.0.0.1:9/v3/index.json")), ("NUGET_PACKAGES", Path.Combine(folder, "packages")));
        var error = Run("#r \"nuget: GanLab.Test.Anything, 2.0.0\"").Cells[0].Outputs.Single();
        Assert.Equal("DirectiveError", error.EName);
        Assert.Contains("the package feeds could not be reached", error.EValue);
        Assert.Contains("offline?", error.EValue);
    }
}
