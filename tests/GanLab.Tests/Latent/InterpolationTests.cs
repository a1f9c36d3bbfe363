using GanLab.Latent;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Latent;

public class InterpolationTests
{
    public InterpolationTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Slerp_between_orthogonal_unit_vectors_stays_on_the_circle()
    {
        var a = tensor(new[] { 1f, 0, 0 });
        var b = tensor(new[] { 0f, 1, 0 });
        var mid = Interpolation.Slerp(a, b, 0.5);
        Assert.True(allclose(mid, tensor(new[] { 1f, 1, 0 }) / MathF.Sqrt(2), atol: 1e-6));
        var path = Interpolation.Path(a, b, 7, spherical: true);
        Assert.Equal(new long[] { 7, 3 }, path.shape);
        Assert.True(allclose(path.norm(1), ones(7), atol: 1e-6));
        Assert.True(allclose(path[0], a, atol: 1e-6) && allclose(path[6], b, atol: 1e-6));
        // The same path by lerp cuts the corner: its midpoint has length √½.
        Assert.Equal(MathF.Sqrt(0.5f), Interpolation.Path(a, b, 3)[1].norm().item<float>(), 5);
        // Equal angle steps: 15° apart.
        var cosines = (path[..6] * path[1..]).sum(1);
        Assert.True(allclose(cosines, full(6, MathF.Cos(MathF.PI / 12)), atol: 1e-5));
    }

    [Fact]
    public void Slerp_of_parallel_vectors_falls_back_to_lerp_and_works_per_row()
    {
        var a = tensor(new[] { 2f, 0 });
        Assert.True(allclose(Interpolation.Slerp(a, a * 3, 0.5), tensor(new[] { 4f, 0 })));
        var rows = randn(5, 10, generator: new Generator(1));
        var other = randn(5, 10, generator: new Generator(2));
        var batched = Interpolation.Slerp(rows, other, 0.3);
        for (int i = 0; i < 5; i++) Assert.True(allclose(batched[i], Interpolation.Slerp(rows[i], other[i], 0.3), atol: 1e-6));
    }

    [Fact]
    public void Grid_has_the_corners_where_they_belong()
    {
        var c = randn(4, 6, generator: new Generator(3));
        var grid = Interpolation.Grid(c[0], c[1], c[2], c[3], rows: 3, cols: 4);
        Assert.Equal(new long[] { 12, 6 }, grid.shape);
        Assert.True(allclose(grid[0], c[0], atol: 1e-6) && allclose(grid[3], c[1], atol: 1e-6));
        Assert.True(allclose(grid[8], c[2], atol: 1e-6) && allclose(grid[11], c[3], atol: 1e-6));
        // Bilinear: the centre of the middle row is the average of the four corners' edge midpoints.
        var lerp = Interpolation.Grid(c[0], c[1], c[2], c[3], rows: 3, cols: 3);
        Assert.True(allclose(lerp[4], c.mean(new long[] { 0 }), atol: 1e-6));
    }
}
