namespace GanLab.Data;

/// <summary>The hair style of a procedural face.</summary>
public enum HairStyle
{
    /// <summary>No hair on the head (the hair colour still shows in the eyebrows and the beard).</summary>
    Bald,
    /// <summary>A cap of hair above the forehead.</summary>
    Short,
    /// <summary>Hair framing the face down to the shoulders.</summary>
    Long,
}
