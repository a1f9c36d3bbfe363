namespace GanLab.Data;

/// <summary>The hair (and eyebrow and beard) colour of a procedural face.</summary>
public enum HairColor
{
    Black,
    Brown,
    Blond,
    Red,
    Gray,
}
