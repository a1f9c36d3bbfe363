namespace GanLab.Notebooks.Display;

/// <summary>
/// What <c>display(x)</c> returns: a handle on that output. <see cref="Update"/> formats a new value and replaces
/// the output in place (also from a later cell), as the kernel's <c>DisplayedValue.Update</c> does; a headless run
/// writes the final state.
/// </summary>
public sealed class DisplayedValue
{
    readonly CellOutput _output;
    readonly IReadOnlyList<string> _mimeTypes;
    readonly object _gate;

    internal DisplayedValue(CellOutput output, IReadOnlyList<string> mimeTypes, object gate)
    {
        _output = output;
        _mimeTypes = mimeTypes;
        _gate = gate;
    }

    /// <summary>An id for this output, unique in the process.</summary>
    public string DisplayId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Replaces the displayed value with <paramref name="value"/>, formatted with the same MIME types.</summary>
    public void Update(object? value)
    {
        var data = ValueFormatter.Format(value, _mimeTypes);
        lock (_gate) _output.Data = data;
    }
}
