namespace GanLab.Data;

/// <summary>The iris colour of a procedural face (visible from 64x64 up).</summary>
public enum EyeColor
{
    Brown,
    Blue,
    Green,
}
