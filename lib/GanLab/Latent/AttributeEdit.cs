namespace GanLab.Latent;

/// <summary>One line of an editing table: move a latent along an attribute's vector by <paramref name="Strength"/> (negative removes it).</summary>
/// <param name="Attribute">The attribute's name, as given to <see cref="AttributeVectors"/>.</param>
/// <param name="Strength">Multiple of the attribute vector to add; 1 moves by the gap between the means with and without it.</param>
public sealed record AttributeEdit(string Attribute, double Strength = 1)
{
    /// <summary>Adds the attribute with the given strength.</summary>
    public static AttributeEdit Add(string attribute, double strength = 1) => new(attribute, Math.Abs(strength));

    /// <summary>Removes the attribute with the given strength (a negative multiple of its vector).</summary>
    public static AttributeEdit Remove(string attribute, double strength = 1) => new(attribute, -Math.Abs(strength));

    /// <summary>A caption: "+glasses", "−smile", "+hair x0.5".</summary>
    public override string ToString() =>
        (Strength >= 0 ? "+" : "−") + Attribute + (Math.Abs(Math.Abs(Strength) - 1) < 1e-12 ? "" : $" x{Math.Abs(Strength):0.##}");
}
