using SkiaSharp;

namespace GanLab.Data;

/// <summary>Draws one large procedural doodle (pen squiggles, spirals, rings, stars, dots and washes on paper) and cuts patches from an image.</summary>
internal static class DoodleRenderer
{
    static readonly SKColor[] Inks =
    {
        new(20, 30, 90), new(15, 15, 15), new(190, 30, 40), new(20, 120, 60), new(110, 40, 150), new(230, 120, 20), new(0, 140, 170),
    };

    /// <summary>A side x side doodle drawn from <paramref name="seed"/>.</summary>
    public static SKImage Doodle(int seed, int side = 512)
    {
        var r = new SplitMix(seed, 0, stream: 0xD00D1E);
        using var surface = SKSurface.Create(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("SkiaSharp could not make the doodle surface.");
        var c = surface.Canvas;
        c.Clear(new SKColor(250, 246, 232));
        c.Scale(side / 512f);
        using var p = new SKPaint { IsAntialias = true, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
        SKColor Ink(ref SplitMix r) => Inks[r.Below(Inks.Length)];

        // Light watercolour washes first.
        p.Style = SKPaintStyle.Fill;
        for (int k = 0; k < 18; k++)
        {
            p.Color = SKColor.FromHsv(r.Uniform(0, 360), r.Uniform(25, 55), 95).WithAlpha(90);
            c.DrawOval(r.Uniform(0, 512), r.Uniform(0, 512), r.Uniform(25, 70), r.Uniform(20, 60), p);
        }
        p.Style = SKPaintStyle.Stroke;
        for (int k = 0; k < 34; k++)   // squiggles
        {
            p.Color = Ink(ref r);
            p.StrokeWidth = r.Uniform(2f, 6f);
            float x = r.Uniform(0, 512), y = r.Uniform(0, 512);
            using var path = new SKPath();
            path.MoveTo(x, y);
            for (int s = 0; s < 3 + r.Below(4); s++)
            {
                float nx = x + r.Jitter(28f), ny = y + r.Jitter(28f);
                path.CubicTo(x + r.Jitter(22f), y + r.Jitter(22f), nx + r.Jitter(22f), ny + r.Jitter(22f), nx, ny);
                (x, y) = (nx, ny);
            }
            c.DrawPath(path, p);
        }
        for (int k = 0; k < 22; k++)   // spirals
        {
            p.Color = Ink(ref r);
            p.StrokeWidth = r.Uniform(2f, 4f);
            float x = r.Uniform(0, 512), y = r.Uniform(0, 512), turns = r.Uniform(2f, 4f), radius = r.Uniform(12f, 30f);
            using var path = new SKPath();
            path.MoveTo(x, y);
            for (float t = 0; t <= 1; t += 0.01f)
            {
                float a = t * turns * 2 * MathF.PI;
                path.LineTo(x + radius * t * MathF.Cos(a), y + radius * t * MathF.Sin(a));
            }
            c.DrawPath(path, p);
        }
        for (int k = 0; k < 35; k++)   // rings and filled circles
        {
            p.Color = Ink(ref r);
            p.StrokeWidth = r.Uniform(2f, 5f);
            p.Style = r.Chance(0.3) ? SKPaintStyle.Fill : SKPaintStyle.Stroke;
            c.DrawCircle(r.Uniform(0, 512), r.Uniform(0, 512), r.Uniform(5f, 24f), p);
        }
        p.Style = SKPaintStyle.Stroke;
        for (int k = 0; k < 18; k++)   // five-pointed stars
        {
            p.Color = Ink(ref r);
            p.StrokeWidth = r.Uniform(2f, 4f);
            float x = r.Uniform(0, 512), y = r.Uniform(0, 512), radius = r.Uniform(10f, 22f), turn = r.Uniform(0, 6.3f);
            using var star = new SKPath();
            for (int v = 0; v <= 5; v++)
            {
                float a = turn + v * 4 * MathF.PI / 5;
                if (v == 0) star.MoveTo(x + radius * MathF.Cos(a), y + radius * MathF.Sin(a));
                else star.LineTo(x + radius * MathF.Cos(a), y + radius * MathF.Sin(a));
            }
            c.DrawPath(star, p);
        }
        p.Style = SKPaintStyle.Fill;
        for (int k = 0; k < 160; k++)   // dots
        {
            p.Color = Ink(ref r);
            c.DrawCircle(r.Uniform(0, 512), r.Uniform(0, 512), r.Uniform(1.5f, 4f), p);
        }
        return surface.Snapshot();
    }
}
