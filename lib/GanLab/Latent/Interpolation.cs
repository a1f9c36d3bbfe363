using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Latent;

/// <summary>
/// Walks between latent vectors: linear (lerp) and spherical (slerp; Shoemake 1985, recommended for Gaussian latents by
/// White 2016, "Sampling Generative Networks"), as paths and as 2-D grids between four corners. Vectors are (D) or
/// batches of rows (N, D).
/// </summary>
/// <example><code>
/// var z = torch.randn(4, 100);
/// var grid = Interpolation.Grid(z[0], z[1], z[2], z[3], rows: 8, cols: 8, spherical: true);   // (64, 100)
/// ImageGrid.Save(g.forward(grid), "walk.png", nrow: 8, normalize: true);
/// </code></example>
public static class Interpolation
{
    /// <summary>(1 − t)·a + t·b.</summary>
    public static Tensor Lerp(Tensor a, Tensor b, double t) => a * (1 - t) + b * t;

    /// <summary>
    /// sin((1 − t)θ)/sin θ · a + sin(tθ)/sin θ · b, θ the angle between a and b (per row); falls back to lerp when
    /// the vectors are (anti)parallel within 1e-6. Between vectors of equal length it keeps that length.
    /// </summary>
    public static Tensor Slerp(Tensor a, Tensor b, double t)
    {
        using var scope = NewDisposeScope();
        var cos = (nn.functional.normalize(a, dim: -1) * nn.functional.normalize(b, dim: -1)).sum(-1, keepdim: true).clamp(-1, 1);
        var theta = cos.acos();
        var sin = theta.sin();
        var parallel = sin.abs() < 1e-6;
        var safe = where(parallel, ones_like(sin), sin);
        var wa = where(parallel, full_like(sin, 1 - t), (theta * (1 - t)).sin() / safe);
        var wb = where(parallel, full_like(sin, t), (theta * t).sin() / safe);
        return (wa * a + wb * b).MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="steps"/> latents from a to b, both ends included: (steps, D) for vectors, (steps, N, D) for batches.</summary>
    public static Tensor Path(Tensor a, Tensor b, int steps, bool spherical = false)
    {
        if (steps < 2) throw new ArgumentException($"A path needs at least 2 steps; got {steps}.", nameof(steps));
        using var scope = NewDisposeScope();
        var points = Enumerable.Range(0, steps).Select(i => At(a, b, i / (steps - 1.0), spherical)).ToArray();
        return stack(points, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A rows × cols grid between four corner latents (D): each row walks between its ends on the left and right edges,
    /// which themselves walk from top to bottom. Returns (rows·cols, D) in row-major order, ready for an image grid with nrow = cols.
    /// </summary>
    public static Tensor Grid(Tensor topLeft, Tensor topRight, Tensor bottomLeft, Tensor bottomRight, int rows, int cols, bool spherical = false)
    {
        if (rows < 2 || cols < 2) throw new ArgumentException($"A grid needs at least 2 rows and 2 columns; got {rows} x {cols}.");
        using var scope = NewDisposeScope();
        var left = Path(topLeft, bottomLeft, rows, spherical);
        var right = Path(topRight, bottomRight, rows, spherical);
        var lines = Enumerable.Range(0, rows).Select(r => Path(left[r], right[r], cols, spherical)).ToArray();
        return cat(lines, 0).MoveToOuterDisposeScope();
    }

    static Tensor At(Tensor a, Tensor b, double t, bool spherical) => spherical ? Slerp(a, b, t) : Lerp(a, b, t);
}
