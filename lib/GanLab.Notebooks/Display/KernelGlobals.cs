using GanLab.Notebooks.Execution;

namespace GanLab.Notebooks.Display;

/// <summary>
/// What every cell can call without a prefix, as after the kernel's <c>using static Microsoft.DotNet.Interactive.Kernel;</c>:
/// <c>display(x)</c> and <c>HTML("...")</c>. Lower-case names on purpose: they are the kernel's.
/// </summary>
public sealed class KernelGlobals
{
    readonly OutputSink _sink;

    internal KernelGlobals(OutputSink sink) => _sink = sink;

    /// <summary>Shows <paramref name="value"/> as a <c>display_data</c> output (in <paramref name="mimeTypes"/> if given) and returns a handle to update it.</summary>
    public DisplayedValue display(object? value, params string[] mimeTypes)
    {
        string displayId = Guid.NewGuid().ToString("N");
        _sink.Add(CellOutput.Display(ValueFormatter.Format(value, mimeTypes), displayId));
        return new DisplayedValue(_sink, displayId, mimeTypes);
    }

    /// <summary>Wraps markup so it displays as HTML.</summary>
    public HtmlString HTML(string markup) => new(markup);
}
