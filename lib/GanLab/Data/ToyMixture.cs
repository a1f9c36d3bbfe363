using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>
/// A 2-D mixture of equally likely Gaussians with one shared standard deviation: the mode-collapse testbed.
/// <see cref="Ring"/> and <see cref="Grid"/> are set up exactly as in PacGAN's code: 8 means at
/// (cos 2πk/8, sin 2πk/8), std 0.01; 25 means at {−4, −2, 0, 2, 4}², std 0.05.
/// </summary>
public sealed class ToyMixture
{
    ToyMixture(string name, (double X, double Y)[] means, double std)
    {
        Name = name;
        Means = means;
        Std = std;
    }

    /// <summary>"ring" or "grid" (or the name given).</summary>
    public string Name { get; }

    /// <summary>The mixture's means, one per mode.</summary>
    public IReadOnlyList<(double X, double Y)> Means { get; }

    /// <summary>Standard deviation of every component (the same along x and y).</summary>
    public double Std { get; }

    /// <summary>Number of modes.</summary>
    public int Modes => Means.Count;

    /// <summary>The ring of 8: means (r cos 2πk/n, r sin 2πk/n), k = 0..n−1 (n distinct modes, unlike linspace(0, 2π, n)).</summary>
    public static ToyMixture Ring(int modes = 8, double radius = 1.0, double std = 0.01) =>
        new("ring", Enumerable.Range(0, modes).Select(k => (radius * Math.Cos(2 * Math.PI * k / modes), radius * Math.Sin(2 * Math.PI * k / modes))).ToArray(), std);

    /// <summary>The grid of 25: means {−4, −2, 0, 2, 4}² (side 5, spacing 2, centred on the origin).</summary>
    public static ToyMixture Grid(int side = 5, double spacing = 2.0, double std = 0.05)
    {
        double offset = (side - 1) * spacing / 2;
        var means = from i in Enumerable.Range(0, side) from j in Enumerable.Range(0, side) select (i * spacing - offset, j * spacing - offset);
        return new("grid", means.ToArray(), std);
    }

    /// <summary>The means as a (modes, 2) float tensor.</summary>
    public Tensor MeansTensor(Device? device = null) =>
        tensor(Means.SelectMany(m => new[] { (float)m.X, (float)m.Y }).ToArray(), new long[] { Modes, 2 }, device: device);

    /// <summary>Draws <paramref name="count"/> points (count, 2): a uniformly chosen mode plus Gaussian noise of <see cref="Std"/>.</summary>
    public Tensor Sample(long count, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var modes = randint(0, Modes, new[] { count }, generator: generator);
        var points = MeansTensor().index_select(0, modes) + randn(new[] { count, 2L }, generator: generator) * Std;
        return points.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// An endless stream of fresh batches (batchSize, 2) drawn with its own seeded generator: every enumeration
    /// yields the same sequence, which is what the trainer needs to resume exactly.
    /// </summary>
    public IEnumerable<Tensor> Batches(int batchSize, long seed = 0)
    {
        using var generator = new Generator((ulong)seed);
        while (true) yield return Sample(batchSize, generator);
    }
}
