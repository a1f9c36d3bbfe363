using GanLab.Data;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Models;

public class ToyMixtureTests
{
    public ToyMixtureTests() => TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);

    [Fact]
    public void Ring_has_eight_distinct_modes_on_the_unit_circle()
    {
        var ring = ToyMixture.Ring();
        Assert.Equal(8, ring.Modes);
        Assert.Equal(0.01, ring.Std);
        Assert.Equal((1.0, 0.0), ring.Means[0]);
        Assert.Equal(Math.Sqrt(0.5), ring.Means[1].X, 12);           // 2π/8 = 45°
        Assert.Equal(-1.0, ring.Means[4].X, 12);
        Assert.All(ring.Means, m => Assert.Equal(1.0, Math.Sqrt(m.X * m.X + m.Y * m.Y), 12));
        Assert.Equal(8, ring.Means.Select(m => (Math.Round(m.X, 6), Math.Round(m.Y, 6))).Distinct().Count());
    }

    [Fact]
    public void Grid_has_25_modes_at_minus_four_to_four_step_two()
    {
        var grid = ToyMixture.Grid();
        Assert.Equal(0.05, grid.Std);
        var expected = from x in new[] { -4.0, -2, 0, 2, 4 } from y in new[] { -4.0, -2, 0, 2, 4 } select (x, y);
        Assert.Equal(expected.OrderBy(p => p).ToArray(), grid.Means.OrderBy(p => p).ToArray());
    }

    [Fact]
    public void Samples_lie_near_a_mean_and_batches_replay_with_the_seed()
    {
        using var scope = NewDisposeScope();
        var ring = ToyMixture.Ring();
        var points = ring.Sample(2000, new Generator(1));
        var distances = cdist(points, ring.MeansTensor()).min(1).values;
        Assert.True(distances.max().item<float>() < 6 * 0.01 * 1.5f);                        // within ~6 std (2-D)
        Assert.Equal(0.01 * Math.Sqrt(Math.PI / 2), distances.mean().item<float>(), 3);     // Rayleigh mean: σ·sqrt(π/2)
        var a = ring.Batches(16, seed: 3).Take(3).ToList();
        var b = ring.Batches(16, seed: 3).Take(3).ToList();
        Assert.True(a[2].equal(b[2]).all().item<bool>());
        Assert.False(a[0].equal(a[1]).all().item<bool>());
    }
}
