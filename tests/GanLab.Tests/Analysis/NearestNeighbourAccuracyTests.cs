using GanLab.Analysis;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Analysis;

public class NearestNeighbourAccuracyTests
{
    public NearestNeighbourAccuracyTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Separated_blobs_score_one_and_random_labels_score_near_chance()
    {
        var (x, labels) = Blobs.Make(300, 5, 3, std: 0.5, seed: 1);
        var y = tensor(labels.Select(l => (long)l).ToArray());
        Assert.Equal(1.0, NearestNeighbourAccuracy.Compute(x, y, k: 5));
        var shuffled = tensor(labels.Select(l => (long)l).ToArray()).index_select(0, randperm(300, generator: new Generator(2)));
        double chance = NearestNeighbourAccuracy.Compute(x, shuffled, k: 5);
        Assert.InRange(chance, 0.2, 0.5);
        Assert.Equal(1 / 3.0, NearestNeighbourAccuracy.MajorityBaseline(y), 10);
    }

    [Fact]
    public void A_point_is_not_its_own_neighbour()
    {
        // Two points of label 0 far apart, each next to a point of label 1: leave-one-out with k = 1 is always wrong.
        var x = tensor(new double[,] { { 0, 0 }, { 0.1, 0 }, { 10, 0 }, { 10.1, 0 } });
        var y = tensor(new long[] { 0, 1, 0, 1 });
        Assert.Equal(0.0, NearestNeighbourAccuracy.Compute(x, y, k: 1));
        Assert.Throws<ArgumentException>(() => NearestNeighbourAccuracy.Compute(x, y, k: 4));
    }
}
