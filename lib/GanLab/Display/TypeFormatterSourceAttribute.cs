namespace GanLab.Display;

/// <summary>
/// Names the class that formats a type for notebooks. The .NET Interactive kernel (and GanLab's own notebook
/// engine) find this attribute by its name, <c>TypeFormatterSourceAttribute</c>, in any namespace, so GanLab's types
/// render richly in both with no dependency on any .NET Interactive package (TorchSharp does the same for tensors).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>A class with a parameterless constructor and a public <c>CreateTypeFormatters()</c>.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>The MIME types the kernel shows by default (null: text/html).</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
