using System.Diagnostics;

namespace GanLab.Tests.Notebooks;

/// <summary>Where the test notebooks live, where artifacts go, and the official nbformat schema check (Debian's python3-nbformat).</summary>
static class NotebookFiles
{
    public static string RepoRoot { get; } = FindRoot();

    public static string TestNotebook(string name) => Path.Combine(RepoRoot, "tests", "GanLab.Tests", "Notebooks", name);

    /// <summary>The course's notebooks and the tests' own: every source notebook in the repository.</summary>
    public static IEnumerable<string> SourceNotebooks() =>
        new[] { Path.Combine(RepoRoot, "notebooks"), Path.Combine(RepoRoot, "tests", "GanLab.Tests", "Notebooks") }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.ipynb", SearchOption.AllDirectories))
            .Where(p => !p.Contains(".ipynb_checkpoints", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal);

    /// <summary>A folder kept after the run, for files a person should look at (screenshots).</summary>
    public static string Artifacts()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "artifacts", "notebooks");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string TempFolder() => Directory.CreateTempSubdirectory("ganlab-nb-").FullName;

    /// <summary>Validates a notebook file against the official nbformat schema; fails the test with the validator's words.</summary>
    public static void AssertValid(string path)
    {
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var psi = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { "-c", "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path }) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0,
            $"{path} does not validate against the nbformat schema (needs Debian's python3-nbformat: bash .ci/install-deps):\n{errors}");
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GanLab.sln"))) return dir.FullName;
        throw new InvalidOperationException("GanLab.sln not found above " + AppContext.BaseDirectory);
    }
}
