namespace GanLab.Data;

/// <summary>The mouth of a procedural face.</summary>
public enum Mouth
{
    /// <summary>An open smile (a dark crescent curving up, with teeth).</summary>
    Smile,
    /// <summary>A straight closed mouth.</summary>
    Neutral,
    /// <summary>A thick line curving down.</summary>
    Frown,
}
