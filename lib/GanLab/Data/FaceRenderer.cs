using SkiaSharp;
using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>
/// Draws procedural faces from their <see cref="FaceAttributes"/> with SkiaSharp. Features are drawn bold enough
/// to read at 32x32: an open smile shows teeth, a frown is a thick down-curve, glasses are dark frames with tinted
/// lenses, a beard covers the jaw in the hair colour.
/// </summary>
public static class FaceRenderer
{
    /// <summary>Renders faces as a data set (images, labels = mode, binary attributes, table) at <paramref name="size"/> pixels.</summary>
    /// <example><code>
    /// var face = FaceAttributes.Sample(seed: 0, index: 7);
    /// using var pair = FaceRenderer.Render(new[] { face, face with { Glasses = !face.Glasses } }, size: 64);
    /// </code></example>
    public static ImageDataset Render(IReadOnlyList<FaceAttributes> faces, int size = 32, string source = "faces")
        => ToRaw(faces, size).ToDataset(source, faces);

    /// <summary>Renders one face as a (3, size, size) tensor in [-1, 1].</summary>
    public static Tensor Render(FaceAttributes face, int size = 32)
    {
        using var data = Render(new[] { face }, size);
        return data.Images[0].clone();
    }

    internal static RawImages ToRaw(IReadOnlyList<FaceAttributes> faces, int size)
    {
        var pixels = ParallelCanvas.Render(faces.Count, size, (canvas, i) => Draw(canvas, faces[i]));
        int a = FaceAttributes.BinaryNames.Count;
        var attributes = new byte[faces.Count * a];
        var labels = new long[faces.Count];
        for (int i = 0; i < faces.Count; i++)
        {
            var bits = faces[i].ToBinary();
            for (int j = 0; j < a; j++) attributes[i * a + j] = (byte)bits[j];
            labels[i] = faces[i].Combination;
        }
        return new RawImages
        {
            Pixels = pixels, Count = faces.Count, Channels = 3, Height = size, Width = size,
            Labels = labels, Attributes = attributes,
            AttributeNames = FaceAttributes.BinaryNames.ToArray(),
            ClassNames = FaceAttributes.Combinations.Select(c => c.Name).ToArray(),
        };
    }

    static SKColor Scale(SKColor c, float f) => new(
        (byte)Math.Clamp(c.Red * f, 0, 255), (byte)Math.Clamp(c.Green * f, 0, 255), (byte)Math.Clamp(c.Blue * f, 0, 255));

    /// <summary>Draws one face on a canvas whose coordinates run 0..64 in both directions.</summary>
    internal static void Draw(SKCanvas c, FaceAttributes f)
    {
        using var p = new SKPaint { IsAntialias = true, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
        void Fill(SKColor color) { p.Style = SKPaintStyle.Fill; p.Color = color; }
        void Stroke(SKColor color, float width) { p.Style = SKPaintStyle.Stroke; p.Color = color; p.StrokeWidth = width; }

        float s = f.HeadScale, cx = 32f + f.HeadX * 64f, cy = 31f + f.HeadY * 64f;
        var skin = f.SkinColor;
        var hair = f.HairRgb;
        c.Clear(f.BackgroundColor);
        c.Save();
        c.RotateDegrees(f.Tilt, cx, cy + 14f * s);

        // Shoulders and neck.
        Fill(f.ShirtColor);
        c.DrawOval(cx, cy + 37f * s, 27f * s, 14f * s, p);
        Fill(Scale(skin, 0.86f));
        c.DrawRect(cx - 5.5f * s, cy + 12f * s, 11f * s, 14f * s, p);

        // Long hair falls behind the head to the shoulders.
        if (f.Hair == HairStyle.Long)
        {
            Fill(hair);
            c.DrawRoundRect(new SKRect(cx - 20.5f * s, cy - 20f * s, cx + 20.5f * s, cy + 25f * s), 12f * s, 12f * s, p);
        }

        // Ears and head.
        Fill(skin);
        c.DrawOval(cx - 15.5f * s, cy + 1f * s, 3f * s, 4.5f * s, p);
        c.DrawOval(cx + 15.5f * s, cy + 1f * s, 3f * s, 4.5f * s, p);
        c.DrawOval(cx, cy, 15f * s, 19f * s, p);

        // Hair on top: a cap over the skull with a rounded hairline (the face's window is drawn back in skin colour).
        if (f.Hair != HairStyle.Bald)
        {
            c.Save();
            c.ClipRect(new SKRect(-20, -20, 84, cy - 1f * s));
            Fill(hair);
            c.DrawOval(cx, cy - 1f * s, 16.8f * s, 20.8f * s, p);
            Fill(skin);
            c.DrawOval(cx, cy + 2.5f * s, 13.2f * s, 13.5f * s, p);
            c.Restore();
            if (f.Hair == HairStyle.Long)
            {
                Fill(hair);   // locks falling past the ears
                c.DrawRect(cx - 16.8f * s, cy - 4f * s, 3.6f * s, 16f * s, p);
                c.DrawRect(cx + 13.2f * s, cy - 4f * s, 3.6f * s, 16f * s, p);
            }
        }
        else
        {
            Fill(Scale(skin, 1.12f));
            c.DrawOval(cx - 5f * s, cy - 13.5f * s, 4f * s, 2f * s, p);   // the shine of a bald head
        }

        // Beard: the jaw below the cheekbones, in the hair colour, with sideburns.
        if (f.Beard)
        {
            Fill(Scale(hair, 0.92f));
            c.Save();
            c.ClipRect(new SKRect(0, cy + 2.5f * s, 64, 80));
            c.DrawOval(cx, cy + 1f * s, 16f * s, 20.5f * s, p);
            c.Restore();
            c.DrawRect(cx - 15.5f * s, cy - 6f * s, 4f * s, 10f * s, p);
            c.DrawRect(cx + 11.5f * s, cy - 6f * s, 4f * s, 10f * s, p);
        }

        float ey = cy - 2.5f * s, dx = f.EyeSpacing * s;
        // Eyebrows.
        Stroke(Scale(hair, 0.8f), 2f * s);
        foreach (float ex in new[] { cx - dx, cx + dx })
            c.DrawLine(ex - 3.4f * s, ey - 5.2f * s, ex + 3.4f * s, ey - 5.2f * s, p);

        // Eyes: open (white, iris, pupil) or closed (a lash line curving down).
        foreach (float ex in new[] { cx - dx, cx + dx })
        {
            if (f.EyesClosed)
            {
                Stroke(new SKColor(50, 32, 28), 1.4f * s);
                using var lid = new SKPath();
                lid.MoveTo(ex - 3.6f * s, ey);
                lid.QuadTo(ex, ey + 2.8f * s, ex + 3.6f * s, ey);
                c.DrawPath(lid, p);
            }
            else
            {
                Fill(new SKColor(250, 250, 250));
                c.DrawOval(ex, ey, 3.6f * s, 2.5f * s, p);
                Fill(f.EyeColor switch { EyeColor.Blue => new SKColor(50, 120, 220), EyeColor.Green => new SKColor(60, 150, 70), _ => new SKColor(100, 60, 30) });
                c.DrawCircle(ex, ey, 2.0f * s, p);
                Fill(new SKColor(10, 10, 10));
                c.DrawCircle(ex, ey, 0.95f * s, p);
            }
        }

        // Nose.
        Stroke(Scale(skin, 0.72f), 1.3f * s);
        using (var nose = new SKPath())
        {
            nose.MoveTo(cx + 0.3f * s, ey + 2.5f * s);
            nose.LineTo(cx - 1.8f * s, cy + 5f * s);
            nose.LineTo(cx + 1.4f * s, cy + 5.6f * s);
            c.DrawPath(nose, p);
        }

        // Mouth: big and dark enough to read at 32x32.
        float my = cy + 10f * s, w = f.MouthWidth * s;
        var lips = f.Beard ? new SKColor(220, 90, 100) : new SKColor(105, 18, 28);
        switch (f.Mouth)
        {
            case Mouth.Smile:
                using (var smile = new SKPath())
                {
                    smile.MoveTo(cx - w, my - 2f * s);
                    smile.QuadTo(cx, my + 11f * s, cx + w, my - 2f * s);
                    smile.QuadTo(cx, my + 1.5f * s, cx - w, my - 2f * s);
                    smile.Close();
                    Fill(lips);
                    c.DrawPath(smile, p);
                    c.Save();
                    c.ClipPath(smile, antialias: true);
                    Fill(new SKColor(255, 255, 255));
                    c.DrawRect(cx - w, my - 2.5f * s, 2f * w, 4.8f * s, p);   // teeth
                    c.Restore();
                }
                break;
            case Mouth.Frown:
                using (var frown = new SKPath())
                {
                    frown.MoveTo(cx - w, my + 4f * s);
                    frown.QuadTo(cx, my - 5f * s, cx + w, my + 4f * s);
                    Stroke(lips, 2.8f * s);
                    c.DrawPath(frown, p);
                }
                break;
            default:
                Stroke(lips, 2.6f * s);
                c.DrawLine(cx - 0.85f * w, my + 0.5f * s, cx + 0.85f * w, my + 0.5f * s, p);
                break;
        }

        // Glasses: dark frames around both eyes, tinted lenses, a bridge and the temples.
        if (f.Glasses)
        {
            foreach (float ex in new[] { cx - dx, cx + dx })
            {
                var lens = new SKRect(ex - 5.2f * s, ey - 3.9f * s, ex + 5.2f * s, ey + 3.9f * s);
                Fill(f.FrameColor.WithAlpha(60));
                c.DrawRoundRect(lens, 2.2f * s, 2.2f * s, p);
                Stroke(f.FrameColor, 1.9f * s);
                c.DrawRoundRect(lens, 2.2f * s, 2.2f * s, p);
            }
            c.DrawLine(cx - dx + 5.2f * s, ey - 1f * s, cx + dx - 5.2f * s, ey - 1f * s, p);
            c.DrawLine(cx - dx - 5.2f * s, ey - 1f * s, cx - 15.5f * s, ey - 1.5f * s, p);
            c.DrawLine(cx + dx + 5.2f * s, ey - 1f * s, cx + 15.5f * s, ey - 1.5f * s, p);
        }
        c.Restore();
    }
}
