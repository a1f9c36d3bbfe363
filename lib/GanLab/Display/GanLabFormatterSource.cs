namespace GanLab.Display;

/// <summary>The formatters of GanLab's displayable types, created by the kernel (or GanLab's engine) through <see cref="TypeFormatterSourceAttribute"/>.</summary>
internal sealed class GanLabFormatterSource
{
    /// <summary>Every formatter GanLab provides; the kernel picks by type and MIME type.</summary>
    public IEnumerable<object> CreateTypeFormatters() => new object[]
    {
        new NotebookFormatter(typeof(ImageGridView), "text/html", o => ((ImageGridView)o).ToHtml()),
        new NotebookFormatter(typeof(ImageGridView), "image/png", o => Convert.ToBase64String(((ImageGridView)o).Png)),
        new NotebookFormatter(typeof(ImageGridView), "text/plain", o => o.ToString() ?? ""),
        // Charts carry plotly.js in the first chart of a notebook session (offline: never a CDN).
        new NotebookFormatter(typeof(Figure), "text/html", o => ((Figure)o).ToHtml(PlotlyJs.ClaimForSession())),
        new NotebookFormatter(typeof(Figure), "text/plain", o => o.ToString() ?? ""),
        new NotebookFormatter(typeof(TrainingView), "text/html", o => ((TrainingView)o).ToHtml(PlotlyJs.ClaimForSession())),
        new NotebookFormatter(typeof(TrainingView), "text/plain", o => o.ToString() ?? ""),
    };
}
