using GanLab.Data;
using GanLab.Metrics;
using GanLab.Runtime;
using GanLab.Tests.Notebooks;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class FaceClassifierTests
{
    public FaceClassifierTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Head_labels_and_modes_are_inverse_and_match_the_faces_own_attributes()
    {
        var modes = arange(132, ScalarType.Int64);
        var heads = FaceClassifier.HeadLabels(modes);
        Assert.Equal(new long[] { 132, 4 }, heads.shape);
        Assert.True(FaceClassifier.Modes(heads).allclose(modes));
        for (int i = 0; i < 132; i++)
        {
            var c = FaceAttributes.Combinations[i];
            var h = heads[i].data<long>().ToArray();
            Assert.Equal((long)c.Mouth, h[0]);
            Assert.Equal(c.Glasses ? 1L : 0L, h[1]);
            Assert.Equal(c.Beard ? 1L : 0L, h[3]);
            Assert.Equal(c.Hair == HairStyle.Bald, h[2] == 0);
        }
    }

    [Fact]
    public void Saved_weights_load_back_and_give_the_same_features()
    {
        manual_seed(3);
        var clf = FaceClassifier.Create();
        var x = rand(8, 3, 32, 32) * 2 - 1;
        string path = Path.Combine(Path.GetTempPath(), $"clf-{Guid.NewGuid():N}.bin");
        try
        {
            FaceClassifier.Save(clf, path);
            var loaded = FaceClassifier.Load(path);
            Assert.True(loaded.Features(x).allclose(clf.Features(x)));
        }
        finally { File.Delete(path); }
        Assert.Throws<FileNotFoundException>(() => FaceClassifier.Load(path));
    }

    [Fact]
    public void The_pretrained_copy_loads_and_classifies_held_out_faces()
    {
        string path = Path.Combine(NotebookFiles.RepoRoot, "data", "pretrained", FaceClassifier.PretrainedFile);
        Assert.True(File.Exists(path), $"{path} is missing: make it with `ganlab classifier --out {path}` (data/pretrained/README.md).");
        Assert.True(new FileInfo(path).Length < 2 << 20, "the pretrained classifier should stay well under 2 MB");
        var clf = FaceClassifier.Load(path);
        using var faces = Datasets.Faces(500, 32, seed: 123, cache: false);
        var accuracy = clf.Accuracy(faces.Images, FaceClassifier.HeadLabels(faces.Labels!));
        Assert.All(accuracy, a => Assert.True(a >= 0.9, $"held-out accuracy per head (mouth, glasses, hair, beard): {string.Join(", ", accuracy.Select(v => v.ToString("P1")))}"));
        double modes = FaceClassifier.Modes(clf.Predict(faces.Images)).eq(faces.Labels!).to(ScalarType.Float64).mean().item<double>();
        Assert.True(modes >= 0.8, $"whole-mode accuracy {modes:P1}");
    }
}
