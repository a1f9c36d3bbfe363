using GanLab.Notebooks;
using GanLab.Notebooks.Execution;

namespace GanLab.Tests.Kernel;

/// <summary>
/// A course notebook prepared for a smoke run in another front end: the smoke values injected exactly as
/// <c>ganlab run --smoke</c> injects them (<see cref="ParameterInjector"/>), nothing run.
/// </summary>
static class SmokeCopy
{
    /// <summary>Writes the prepared copy of <paramref name="source"/> into <paramref name="folder"/> under the same name; returns its path.</summary>
    public static string Write(string source, string folder)
    {
        var notebook = Notebook.Load(source);
        var injected = ParameterInjector.Inject(notebook, Array.Empty<KeyValuePair<string, string>>(), smoke: true);
        Assert.NotEmpty(injected);   // every course notebook declares smoke values
        string path = Path.Combine(folder, Path.GetFileName(source));
        notebook.Save(path);
        return path;
    }
}
