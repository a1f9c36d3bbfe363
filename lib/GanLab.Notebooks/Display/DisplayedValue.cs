using GanLab.Notebooks.Execution;

namespace GanLab.Notebooks.Display;

/// <summary>
/// What <c>display(x)</c> returns: a handle on that output. <see cref="Update"/> formats a new value and replaces
/// the output in place, also from a later cell: in the kernel an <c>update_display_data</c> with the same
/// <see cref="DisplayId"/>, in a headless run the saved output (which keeps the final state).
/// </summary>
public sealed class DisplayedValue
{
    readonly OutputSink _sink;
    readonly IReadOnlyList<string> _mimeTypes;

    internal DisplayedValue(OutputSink sink, string displayId, IReadOnlyList<string> mimeTypes)
    {
        _sink = sink;
        DisplayId = displayId;
        _mimeTypes = mimeTypes;
    }

    /// <summary>The output's id, unique in the process (Jupyter's <c>transient.display_id</c>).</summary>
    public string DisplayId { get; }

    /// <summary>Replaces the displayed value with <paramref name="value"/>, formatted with the same MIME types.</summary>
    public void Update(object? value) => _sink.Update(DisplayId, ValueFormatter.Format(value, _mimeTypes));
}
