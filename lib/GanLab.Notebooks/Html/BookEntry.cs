using GanLab.Notebooks.Execution;

namespace GanLab.Notebooks.Html;

/// <summary>One notebook of the course book: the executed notebook, where its source lives (for local images), how the run went.</summary>
public sealed record BookEntry(Notebook Notebook, string SourcePath, RunStatus? Status = null, TimeSpan? Duration = null)
{
    /// <summary>The page's file name without extension: the notebook's.</summary>
    public string Stem => Path.GetFileNameWithoutExtension(SourcePath);
}
