using SkiaSharp;

namespace GanLab.Data;

/// <summary>
/// Draws the unlabeled mixed collection: close-ups of eyes, lips, whole faces, make-up products and colour swatches,
/// like the scraped make-up images an article sorted by clustering. Every item depends only on (seed, index).
/// </summary>
internal static class MixedRenderer
{
    /// <summary>The families, in label order.</summary>
    public static readonly string[] Families = { "eye", "lips", "face", "product", "swatch" };

    static readonly SKColor[] Skins = { new(250, 224, 206), new(232, 190, 152), new(194, 138, 96), new(120, 80, 56) };
    static readonly SKColor[] Irises = { new(100, 60, 30), new(50, 120, 220), new(60, 150, 70), new(120, 130, 140), new(150, 110, 50) };
    static readonly SKColor[] Lipsticks = { new(200, 20, 40), new(230, 90, 130), new(130, 20, 70), new(190, 110, 100), new(240, 60, 60), new(110, 30, 40) };

    /// <summary>The family of item <paramref name="index"/> among the first <paramref name="families"/> (uniform).</summary>
    public static int FamilyOf(int seed, long index, int families) => new SplitMix(seed, index, stream: 0x3A7).Below(families);

    public static void Draw(SKCanvas c, int seed, long index, int family)
    {
        var r = new SplitMix(seed, index, stream: 0x3A8 + (ulong)family);
        using var p = new SKPaint { IsAntialias = true, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
        switch (family)
        {
            case 0: Eye(c, p, ref r); break;
            case 1: Lips(c, p, ref r); break;
            case 2: FaceRenderer.Draw(c, FaceAttributes.Sample(seed ^ 0x2F00D, index)); break;
            case 3: Product(c, p, ref r); break;
            default: Swatch(c, p, ref r); break;
        }
    }

    static SKColor Vary(SKColor color, ref SplitMix r, float amount = 0.08f)
    {
        float f = 1f + r.Jitter(amount);
        static byte B(float v) => (byte)Math.Clamp(v, 0f, 255f);
        return new SKColor(B(color.Red * f), B(color.Green * f), B(color.Blue * f), color.Alpha);
    }

    static void Eye(SKCanvas c, SKPaint p, ref SplitMix r)
    {
        var skin = Vary(Skins[r.Below(Skins.Length)], ref r, 0.05f);
        c.Clear(skin);
        c.Save();
        c.RotateDegrees(r.Jitter(8f), 32, 32);
        float cx = 32 + r.Jitter(3f), cy = 34 + r.Jitter(3f), w = 24 + r.Jitter(2f), h = 13 + r.Jitter(1.5f);
        using var almond = new SKPath();
        almond.MoveTo(cx - w, cy);
        almond.QuadTo(cx, cy - 2 * h, cx + w, cy);
        almond.QuadTo(cx, cy + 1.6f * h, cx - w, cy);
        almond.Close();
        if (r.Chance(0.5))
        {
            // Eye shadow above the lid.
            p.Style = SKPaintStyle.Fill;
            p.Color = SKColor.FromHsv(r.Uniform(0, 360), 50, 60).WithAlpha(150);
            c.DrawOval(cx, cy - h * 0.7f, w * 0.95f, h * 0.9f, p);
        }
        p.Style = SKPaintStyle.Fill;
        p.Color = new SKColor(248, 246, 244);
        c.DrawPath(almond, p);
        c.Save();
        c.ClipPath(almond, antialias: true);
        float ix = cx + r.Jitter(3f), iris = 10 + r.Jitter(1f);
        p.Color = Vary(Irises[r.Below(Irises.Length)], ref r);
        c.DrawCircle(ix, cy - 1, iris, p);
        p.Color = new SKColor(12, 10, 10);
        c.DrawCircle(ix, cy - 1, iris * r.Uniform(0.35f, 0.5f), p);
        p.Color = SKColors.White;
        c.DrawCircle(ix + iris * 0.35f, cy - 1 - iris * 0.35f, 2f, p);
        c.Restore();
        // Upper lid line with lashes, and the brow.
        p.Style = SKPaintStyle.Stroke;
        p.Color = new SKColor(30, 20, 20);
        p.StrokeWidth = 2.6f;
        using var lid = new SKPath();
        lid.MoveTo(cx - w, cy);
        lid.QuadTo(cx, cy - 2 * h, cx + w, cy);
        c.DrawPath(lid, p);
        p.StrokeWidth = 1.6f;
        for (int k = 1; k < 8; k++)
        {
            float t = k / 8f, x = cx - w + 2 * w * t, y = cy - 2 * h * 2 * t * (1 - t);
            c.DrawLine(x, y, x + (t - 0.5f) * 6f, y - 5f, p);
        }
        p.StrokeWidth = 4.5f + r.Jitter(0.8f);
        p.Color = Vary(new SKColor(60, 40, 30), ref r, 0.3f);
        using var brow = new SKPath();
        brow.MoveTo(cx - w * 0.9f, cy - h * 1.7f);
        brow.QuadTo(cx, cy - h * 2.6f - 4, cx + w * 0.95f, cy - h * 1.9f);
        c.DrawPath(brow, p);
        c.Restore();
    }

    static void Lips(SKCanvas c, SKPaint p, ref SplitMix r)
    {
        c.Clear(Vary(Skins[r.Below(Skins.Length)], ref r, 0.05f));
        c.Save();
        c.RotateDegrees(r.Jitter(6f), 32, 32);
        float cx = 32 + r.Jitter(2.5f), cy = 33 + r.Jitter(2.5f), w = 23 + r.Jitter(2f), up = 9 + r.Jitter(1.2f), down = 11 + r.Jitter(1.5f);
        var colour = Vary(Lipsticks[r.Below(Lipsticks.Length)], ref r);
        p.Style = SKPaintStyle.Fill;
        p.Color = colour;
        using var upper = new SKPath();
        upper.MoveTo(cx - w, cy);
        upper.CubicTo(cx - w * 0.6f, cy - up, cx - w * 0.2f, cy - up * 1.2f, cx, cy - up * 0.7f);   // to the cupid's bow
        upper.CubicTo(cx + w * 0.2f, cy - up * 1.2f, cx + w * 0.6f, cy - up, cx + w, cy);
        upper.QuadTo(cx, cy + 2, cx - w, cy);
        upper.Close();
        c.DrawPath(upper, p);
        using var lower = new SKPath();
        lower.MoveTo(cx - w, cy);
        lower.QuadTo(cx, cy + 2, cx + w, cy);
        lower.CubicTo(cx + w * 0.6f, cy + down * 1.3f, cx - w * 0.6f, cy + down * 1.3f, cx - w, cy);
        lower.Close();
        c.DrawPath(lower, p);
        bool open = r.Chance(0.4);
        p.Style = SKPaintStyle.Stroke;
        p.StrokeWidth = open ? 4f : 1.5f;
        p.Color = open ? new SKColor(60, 10, 20) : new SKColor(80, 15, 25);
        c.DrawLine(cx - w * 0.8f, cy + 0.5f, cx + w * 0.8f, cy + 0.5f, p);
        if (open)
        {
            p.Color = new SKColor(250, 250, 250);
            p.StrokeWidth = 2.2f;
            c.DrawLine(cx - w * 0.45f, cy - 0.3f, cx + w * 0.45f, cy - 0.3f, p);
        }
        p.Style = SKPaintStyle.Fill;
        p.Color = SKColors.White.WithAlpha(90);
        c.DrawOval(cx + r.Jitter(3f), cy + down * 0.55f, w * 0.25f, 2f, p);   // gloss
        c.Restore();
    }

    static void Product(SKCanvas c, SKPaint p, ref SplitMix r)
    {
        c.Clear(SKColor.FromHsv(r.Uniform(0, 360), r.Uniform(8, 25), r.Uniform(85, 98)));
        c.Save();
        float cx = 32 + r.Jitter(4f), s = 1f + r.Jitter(0.08f);
        c.RotateDegrees(r.Jitter(12f), cx, 36);
        p.Style = SKPaintStyle.Fill;
        p.Color = new SKColor(0, 0, 0, 50);
        c.DrawOval(cx + 3, 57, 17 * s, 4, p);   // shadow
        var colour = Vary(Lipsticks[r.Below(Lipsticks.Length)], ref r);
        switch (r.Below(3))
        {
            case 0: // lipstick: a case, a gold band and a slanted bullet
                p.Color = r.Chance(0.5) ? new SKColor(20, 20, 24) : new SKColor(200, 200, 210);
                c.DrawRoundRect(new SKRect(cx - 8 * s, 34, cx + 8 * s, 57), 2, 2, p);
                p.Color = new SKColor(212, 175, 55);
                c.DrawRect(cx - 8 * s, 30, 16 * s, 5, p);
                p.Color = colour;
                using (var bullet = new SKPath())
                {
                    bullet.MoveTo(cx - 6 * s, 30);
                    bullet.LineTo(cx - 6 * s, 14);
                    bullet.LineTo(cx + 6 * s, 8);
                    bullet.LineTo(cx + 6 * s, 30);
                    bullet.Close();
                    c.DrawPath(bullet, p);
                }
                break;
            case 1: // nail polish: a rounded glass bottle and a tall black cap
                p.Color = colour;
                c.DrawRoundRect(new SKRect(cx - 13 * s, 30, cx + 13 * s, 57), 7, 7, p);
                p.Color = SKColors.White.WithAlpha(110);
                c.DrawRoundRect(new SKRect(cx - 9 * s, 34, cx - 5 * s, 52), 2, 2, p);
                p.Color = new SKColor(15, 15, 15);
                c.DrawRect(cx - 5 * s, 8, 10 * s, 23, p);
                break;
            default: // a round compact, open, with its mirror and powder
                p.Color = new SKColor(30, 30, 34);
                c.DrawCircle(cx, 22, 15 * s, p);
                p.Color = new SKColor(190, 205, 220);
                c.DrawCircle(cx, 22, 12 * s, p);
                p.Color = new SKColor(30, 30, 34);
                c.DrawCircle(cx, 44, 15 * s, p);
                p.Color = Vary(new SKColor(225, 180, 150), ref r, 0.1f);
                c.DrawCircle(cx, 44, 12 * s, p);
                break;
        }
        c.Restore();
    }

    static void Swatch(SKCanvas c, SKPaint p, ref SplitMix r)
    {
        c.Clear(new SKColor(250, 248, 244));
        int strokes = 2 + r.Below(3);
        p.Style = SKPaintStyle.Stroke;
        for (int k = 0; k < strokes; k++)
        {
            p.Color = Vary(Lipsticks[r.Below(Lipsticks.Length)], ref r, 0.15f).WithAlpha((byte)r.Uniform(170, 255));
            p.StrokeWidth = r.Uniform(7f, 13f);
            float y = 12 + 40f * (k + 0.5f) / strokes + r.Jitter(3f);
            using var path = new SKPath();
            path.MoveTo(6 + r.Jitter(2f), y + r.Jitter(6f));
            path.CubicTo(24, y + r.Jitter(8f), 40, y + r.Jitter(8f), 58 + r.Jitter(2f), y + r.Jitter(6f));
            c.DrawPath(path, p);
        }
    }
}
