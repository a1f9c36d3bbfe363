namespace GanLab.Data;

/// <summary>The skin tone of a procedural face (each with continuous jitter).</summary>
public enum SkinTone
{
    Pale,
    Light,
    Tan,
    Dark,
}
