using GanLab.Data;
using GanLab.Metrics;
using GanLab.Runtime;
using GanLab.Tests.Notebooks;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class FaceRulerTests
{
    public FaceRulerTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Real_faces_score_near_the_floor_and_a_collapsed_set_far_above_it()
    {
        var clf = FaceClassifier.Load(Path.Combine(NotebookFiles.RepoRoot, "data", "pretrained", FaceClassifier.PretrainedFile));
        var ruler = FaceRuler.Create(clf, n: 300);
        Assert.Equal(300, ruler.N);
        Assert.InRange(ruler.RealVsReal, 1, 500);
        Assert.True(ruler.RealCoverage.Covered > 0.6 * ruler.RealCoverage.RealCategories, ruler.RealCoverage.ToString());

        using var other = Datasets.Faces(300, 32, seed: 123, cache: false);   // real faces the ruler has not seen
        var real = ruler.Measure(other.Images);
        Assert.InRange(real.Ratio, 0.5, 2.0);
        Assert.Equal(real.Fd / ruler.RealVsReal, real.Ratio, 6);

        // 300 copies of 3 faces: a collapsed generator. Few combinations, a large distance.
        var collapsed = ruler.Measure(other.Images[..3].repeat(100, 1, 1, 1));
        Assert.True(collapsed.Coverage.Covered <= 3, collapsed.ToString());
        Assert.True(collapsed.Ratio > 5 * real.Ratio, $"collapsed {collapsed}; real {real}");

        Assert.Throws<ArgumentException>(() => ruler.Measure(other.Images[..299]));   // one ruler, one N
        Assert.Throws<ArgumentOutOfRangeException>(() => FaceRuler.Create(clf, n: 64));
    }
}
