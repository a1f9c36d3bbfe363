using SkiaSharp;

namespace GanLab.Data;

/// <summary>
/// The ground truth of one procedural face: the discrete attributes a GAN should reproduce, and the continuous
/// jitter (position, size, tilt, proportions, colours) that makes every face different. A record, so
/// <c>face with { Glasses = true }</c> describes the same face wearing glasses (render it with <see cref="FaceRenderer"/>).
/// </summary>
/// <remarks>
/// Discrete attributes are drawn independently with these frequencies:
/// mouth smile 0.40 / neutral 0.35 / frown 0.25; glasses 0.30; hair bald 0.12 / short 0.48 / long 0.40;
/// hair colour black 0.30 / brown 0.28 / blond 0.20 / red 0.10 / gray 0.12; beard 0.25; eyes closed 0.15;
/// eye colour brown 0.5 / blue 0.3 / green 0.2; skin pale 0.25 / light 0.30 / tan 0.25 / dark 0.20.
/// The modes are the 3 x 2 x 11 x 2 = 132 combinations of mouth, glasses, hair (bald, or short/long in one of
/// five colours) and beard: see <see cref="Combinations"/>. The most common mode (smile, no glasses, short black
/// hair, no beard) has probability 0.0302; the rarest (frown, glasses, long red hair, beard) 0.00075, so a set of
/// 20,000 real faces holds each mode at least about 15 times.
/// </remarks>
public sealed record FaceAttributes
{
    /// <summary>Smile, neutral or frown.</summary>
    public Mouth Mouth { get; init; }
    /// <summary>Eyes closed (a lash line) instead of open (white, iris, pupil).</summary>
    public bool EyesClosed { get; init; }
    /// <summary>Iris colour (visible when the eyes are open).</summary>
    public EyeColor EyeColor { get; init; }
    /// <summary>Dark-framed glasses with tinted lenses.</summary>
    public bool Glasses { get; init; }
    /// <summary>Bald, short or long hair.</summary>
    public HairStyle Hair { get; init; }
    /// <summary>Colour of the hair, eyebrows and beard.</summary>
    public HairColor HairColor { get; init; }
    /// <summary>A full beard over the jaw and chin.</summary>
    public bool Beard { get; init; }
    /// <summary>Skin tone category (the exact colour is <see cref="SkinColor"/>).</summary>
    public SkinTone Skin { get; init; }

    /// <summary>Horizontal offset of the head centre, as a fraction of the image width (about ±0.1).</summary>
    public float HeadX { get; init; }
    /// <summary>Vertical offset of the head centre, as a fraction of the image height (about ±0.08).</summary>
    public float HeadY { get; init; }
    /// <summary>Head size relative to the average head (about 0.85 to 1.12).</summary>
    public float HeadScale { get; init; } = 1f;
    /// <summary>Head tilt in degrees (about ±8).</summary>
    public float Tilt { get; init; }
    /// <summary>Distance from the face's centre line to each eye, in 1/64ths of the image (about 6 to 8).</summary>
    public float EyeSpacing { get; init; } = 7f;
    /// <summary>Half the mouth's width, in 1/64ths of the image (about 6 to 9).</summary>
    public float MouthWidth { get; init; } = 7.4f;
    /// <summary>Brightness of the skin relative to its tone's base colour (about 0.9 to 1.1).</summary>
    public float SkinShade { get; init; } = 1f;
    /// <summary>Brightness of the hair relative to its colour's base (about 0.8 to 1.2).</summary>
    public float HairShade { get; init; } = 1f;
    /// <summary>The exact skin colour: the tone's base colour times <see cref="SkinShade"/>.</summary>
    public SKColor SkinColor => Shade(SkinBase[(int)Skin], SkinShade);
    /// <summary>The exact hair colour: the colour's base times <see cref="HairShade"/>.</summary>
    public SKColor HairRgb => Shade(HairBase[(int)HairColor], HairShade);
    /// <summary>The background colour.</summary>
    public SKColor BackgroundColor { get; init; } = new(120, 150, 190);
    /// <summary>The shirt colour.</summary>
    public SKColor ShirtColor { get; init; } = new(60, 90, 140);
    /// <summary>The colour of the glasses' frames.</summary>
    public SKColor FrameColor { get; init; } = new(20, 20, 24);

    static readonly double[] MouthP = { 0.40, 0.35, 0.25 };
    static readonly double[] HairP = { 0.12, 0.48, 0.40 };
    static readonly double[] HairColorP = { 0.30, 0.28, 0.20, 0.10, 0.12 };
    static readonly double[] EyeColorP = { 0.5, 0.3, 0.2 };
    static readonly double[] SkinP = { 0.25, 0.30, 0.25, 0.20 };
    const double GlassesP = 0.30, BeardP = 0.25, EyesClosedP = 0.15;

    static readonly SKColor[] SkinBase = { new(252, 228, 212), new(234, 192, 154), new(192, 136, 94), new(116, 76, 52) };
    static readonly SKColor[] HairBase = { new(26, 22, 22), new(110, 64, 30), new(236, 204, 110), new(200, 70, 24), new(182, 182, 188) };

    /// <summary>Draws the attributes of item <paramref name="index"/> of the face set with <paramref name="seed"/> (deterministic).</summary>
    public static FaceAttributes Sample(int seed, long index)
    {
        var r = new SplitMix(seed, index, stream: 0xFACE);
        var mouth = (Mouth)r.Pick(MouthP);
        bool glasses = r.Chance(GlassesP);
        var hair = (HairStyle)r.Pick(HairP);
        var hairColor = (HairColor)r.Pick(HairColorP);
        bool beard = r.Chance(BeardP);
        bool closed = r.Chance(EyesClosedP);
        var eyes = (EyeColor)r.Pick(EyeColorP);
        var skin = (SkinTone)r.Pick(SkinP);
        float skinShade = 1f + r.Jitter(0.04f), hairShade = 1f + r.Jitter(0.08f);
        var bg = SKColor.FromHsv(r.Uniform(0f, 360f), r.Uniform(18f, 45f), r.Uniform(50f, 88f));
        var shirt = SKColor.FromHsv(r.Uniform(0f, 360f), r.Uniform(35f, 80f), r.Uniform(30f, 80f));
        var frame = r.Chance(0.6) ? SKColor.FromHsv(0, 0, r.Uniform(4f, 16f)) : SKColor.FromHsv(r.Uniform(0f, 360f), 70f, r.Uniform(22f, 38f));
        return new FaceAttributes
        {
            Mouth = mouth, Glasses = glasses, Hair = hair, HairColor = hairColor, Beard = beard,
            EyesClosed = closed, EyeColor = eyes, Skin = skin,
            HeadX = r.Jitter(0.04f), HeadY = r.Jitter(0.03f), HeadScale = 1f + r.Jitter(0.05f), Tilt = r.Jitter(3.5f),
            EyeSpacing = 7f + r.Jitter(0.4f), MouthWidth = 7.4f + r.Jitter(0.6f),
            SkinShade = skinShade, HairShade = hairShade,
            BackgroundColor = bg, ShirtColor = shirt, FrameColor = frame,
        };
    }

    static SKColor Shade(SKColor c, float factor)
    {
        static byte Clamp(float v) => (byte)Math.Clamp(MathF.Round(v), 0f, 255f);
        return new SKColor(Clamp(c.Red * factor), Clamp(c.Green * factor), Clamp(c.Blue * factor));
    }

    /// <summary>The factors a mode is made of, in the order of <see cref="Combinations"/>.</summary>
    public static IReadOnlyList<string> CombinationFactors { get; } = new[] { "Mouth", "Glasses", "Hair", "Beard" };

    /// <summary>
    /// Every mode (combination of mouth, glasses, hair and beard) with its probability; they sum to 1.
    /// Index k is the label of a face whose <see cref="Combination"/> is k.
    /// </summary>
    public static IReadOnlyList<FaceCombination> Combinations { get; } = BuildCombinations();

    static FaceCombination[] BuildCombinations()
    {
        var list = new List<FaceCombination>();
        for (int m = 0; m < 3; m++)
            for (int g = 0; g < 2; g++)
                for (int h = 0; h < HairKinds; h++)
                    for (int b = 0; b < 2; b++)
                    {
                        var (style, color) = HairKind(h);
                        double p = MouthP[m] * (g == 1 ? GlassesP : 1 - GlassesP) * HairP[(int)style]
                                 * (color is { } c ? HairColorP[(int)c] : 1.0) * (b == 1 ? BeardP : 1 - BeardP);
                        list.Add(new FaceCombination(list.Count, (Mouth)m, g == 1, style, color, b == 1, p));
                    }
        return list.ToArray();
    }

    const int HairKinds = 11; // bald, short x 5 colours, long x 5 colours

    static (HairStyle, HairColor?) HairKind(int k) => k == 0 ? (HairStyle.Bald, null)
        : k <= 5 ? (HairStyle.Short, (HairColor)(k - 1)) : (HairStyle.Long, (HairColor)(k - 6));

    /// <summary>This face's mode: its index in <see cref="Combinations"/>.</summary>
    public int Combination
    {
        get
        {
            int hairKind = Hair switch { HairStyle.Bald => 0, HairStyle.Short => 1 + (int)HairColor, _ => 6 + (int)HairColor };
            return (((int)Mouth * 2 + (Glasses ? 1 : 0)) * HairKinds + hairKind) * 2 + (Beard ? 1 : 0);
        }
    }

    /// <summary>
    /// The mode (index in <see cref="Combinations"/>) of each row of binary attributes (N, 18) in the order of
    /// <see cref="BinaryNames"/>: scores or probabilities from an attribute classifier work too (the largest of
    /// each exclusive group wins; 0.5 is the threshold for glasses, bald and beard). This is how a generator's
    /// samples are counted per mode, once a classifier trained on the faces has scored them.
    /// </summary>
    public static TorchSharp.torch.Tensor CombinationsFromBinary(TorchSharp.torch.Tensor attributes)
    {
        if (attributes.dim() != 2 || attributes.shape[1] != BinaryNames.Count)
            throw new ArgumentException($"Expected (N, {BinaryNames.Count}) attributes in the order of FaceAttributes.BinaryNames; got [{string.Join(", ", attributes.shape)}].", nameof(attributes));
        var a = attributes.detach().cpu().to(TorchSharp.torch.ScalarType.Float32).data<float>().ToArray();
        int n = (int)attributes.shape[0], k = BinaryNames.Count;
        var modes = new long[n];
        for (int i = 0; i < n; i++)
        {
            var row = a.AsSpan(i * k, k);
            float smile = row[0], frown = row[1];
            var mouth = smile >= 0.5f || frown >= 0.5f ? (smile >= frown ? Mouth.Smile : Mouth.Frown) : Mouth.Neutral;
            bool glasses = row[5] >= 0.5f, bald = row[6] >= 0.5f, beard = row[14] >= row[15];
            var hair = bald ? HairStyle.Bald : row[8] > row[7] ? HairStyle.Long : HairStyle.Short;
            int colour = 0;
            for (int c = 1; c < 5; c++) if (row[9 + c] > row[9 + colour]) colour = c;
            modes[i] = new FaceAttributes { Mouth = mouth, Glasses = glasses, Hair = hair, HairColor = (HairColor)colour, Beard = beard }.Combination;
        }
        return TorchSharp.torch.tensor(modes, TorchSharp.torch.ScalarType.Int64);
    }

    /// <summary>
    /// Names of the binary view (CelebA's names where CelebA has the attribute), in the order of <see cref="ToBinary"/>.
    /// Hair-colour attributes are 0 for bald heads, as in CelebA.
    /// </summary>
    public static IReadOnlyList<string> BinaryNames { get; } = new[]
    {
        "Smiling", "Frowning", "Eyes_Closed", "Blue_Eyes", "Green_Eyes", "Eyeglasses",
        "Bald", "Short_Hair", "Long_Hair", "Black_Hair", "Brown_Hair", "Blond_Hair", "Red_Hair", "Gray_Hair",
        "Beard", "No_Beard", "Pale_Skin", "Dark_Skin",
    };

    /// <summary>The binary view: one 0/1 value per name in <see cref="BinaryNames"/>.</summary>
    public float[] ToBinary()
    {
        static float B(bool b) => b ? 1f : 0f;
        bool hair = Hair != HairStyle.Bald;
        return new[]
        {
            B(Mouth == Mouth.Smile), B(Mouth == Mouth.Frown), B(EyesClosed), B(EyeColor == EyeColor.Blue), B(EyeColor == EyeColor.Green), B(Glasses),
            B(!hair), B(Hair == HairStyle.Short), B(Hair == HairStyle.Long),
            B(hair && HairColor == HairColor.Black), B(hair && HairColor == HairColor.Brown), B(hair && HairColor == HairColor.Blond),
            B(hair && HairColor == HairColor.Red), B(hair && HairColor == HairColor.Gray),
            B(Beard), B(!Beard), B(Skin == SkinTone.Pale), B(Skin == SkinTone.Dark),
        };
    }

    /// <summary>A short description of the face's mode, for example "frown, glasses, bald, beard".</summary>
    public string Describe() => DescribeMode(Mouth, Glasses, Hair, Hair == HairStyle.Bald ? null : HairColor, Beard);

    internal static string DescribeMode(Mouth mouth, bool glasses, HairStyle hair, HairColor? color, bool beard)
    {
        string hairText = hair == HairStyle.Bald ? "bald" : $"{hair.ToString().ToLowerInvariant()} {color.ToString()!.ToLowerInvariant()} hair";
        return $"{mouth.ToString().ToLowerInvariant()}{(glasses ? ", glasses" : "")}, {hairText}{(beard ? ", beard" : "")}";
    }
}
