namespace GanLab.Display;

/// <summary>
/// One formatter, in the shape the kernel reads by reflection: <c>MimeType</c>, <c>Type</c> and
/// <c>Format(object, TextWriter)</c> returning whether it wrote anything.
/// </summary>
internal sealed class NotebookFormatter(Type type, string mimeType, Func<object, string> format)
{
    /// <summary>The type this formatter applies to (and its subtypes).</summary>
    public Type Type { get; } = type;

    /// <summary>text/html, text/plain or image/png (base64 text, as notebooks store it).</summary>
    public string MimeType { get; } = mimeType;

    /// <summary>Writes <paramref name="instance"/> formatted as <see cref="MimeType"/>; false when it is not this formatter's type.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        if (!Type.IsInstanceOfType(instance)) return false;
        writer.Write(format(instance));
        return true;
    }
}
