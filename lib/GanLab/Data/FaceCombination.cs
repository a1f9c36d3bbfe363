namespace GanLab.Data;

/// <summary>
/// One mode of the procedural faces: a combination of the factors that are plainly visible at 32x32
/// (mouth, glasses, hair, beard), with the probability that <see cref="Datasets.Faces"/> draws it.
/// </summary>
/// <param name="Index">Position in <see cref="FaceAttributes.Combinations"/> (0 to 131); also the face data set's label.</param>
/// <param name="Mouth">Smile, neutral or frown.</param>
/// <param name="Glasses">Whether the face wears glasses.</param>
/// <param name="Hair">Bald, short or long.</param>
/// <param name="HairColor">The hair colour, or null for bald heads (whose colour is not part of the mode).</param>
/// <param name="Beard">Whether the face has a beard.</param>
/// <param name="Probability">How often the generator draws this combination (the product of the factors' frequencies).</param>
public sealed record FaceCombination(int Index, Mouth Mouth, bool Glasses, HairStyle Hair, HairColor? HairColor, bool Beard, double Probability)
{
    /// <summary>A short readable name, for example "smile, glasses, short blond hair, beard".</summary>
    public string Name => FaceAttributes.DescribeMode(Mouth, Glasses, Hair, HairColor, Beard);
}
