namespace GanLab.Notebooks.Display;

/// <summary>Markup to show as it is (what the kernel's <c>HTML("...")</c> returns).</summary>
public sealed class HtmlString(string value)
{
    /// <summary>The markup.</summary>
    public string Value { get; } = value;

    /// <inheritdoc/>
    public override string ToString() => Value;
}
