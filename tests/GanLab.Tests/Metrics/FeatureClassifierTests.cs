using GanLab.Metrics;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class FeatureClassifierTests
{
    public FeatureClassifierTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    /// <summary>Noisy 1x16x16 images with a bright square in one of 4 quadrants (head 0) and a dark or light background (head 1).</summary>
    static (Tensor Images, Tensor Labels) Toy(int n, Generator g)
    {
        var quadrant = randint(4, new long[] { n }, generator: g);
        var light = randint(2, new long[] { n }, generator: g);
        var images = randn(new long[] { n, 1, 16, 16 }, generator: g) * 0.3 - 0.5 + light.view(n, 1, 1, 1) * 0.5;
        var q = quadrant.data<long>().ToArray();
        for (int i = 0; i < n; i++)
        {
            int y = (int)(q[i] / 2) * 8 + 2, x = (int)(q[i] % 2) * 8 + 2;
            images[i, 0, y..(y + 4), x..(x + 4)] = tensor(1f);
        }
        return (images, stack(new[] { quadrant, light }, 1));
    }

    [Fact]
    public void Learns_a_separable_toy_problem_in_a_few_epochs()
    {
        manual_seed(1);
        var g = new Generator(11);
        var (train, labels) = Toy(1024, g);
        var (test, testLabels) = Toy(256, g);
        var clf = new FeatureClassifier(1, new[] { 4, 2 }, width: 16, featureSize: 32);
        var before = clf.Accuracy(test, testLabels);
        var losses = clf.Fit(train, labels, epochs: 4, batchSize: 64, learningRate: 3e-3, seed: 1);
        var after = clf.Accuracy(test, testLabels);
        Assert.True(losses[^1] < losses[0] / 3, $"losses {string.Join(", ", losses)}");
        Assert.All(after, a => Assert.True(a >= 0.95, $"accuracy {string.Join(", ", after)} (before {string.Join(", ", before)})"));
        Assert.Equal(new long[] { 256, 32 }, clf.Features(test).shape);
        Assert.Equal(new long[] { 256, 2 }, clf.Predict(test).shape);
        // Probabilities: each head's softmax side by side; its most likely class is Predict's answer.
        var p = clf.Probabilities(test);
        Assert.Equal(new long[] { 256, 6 }, p.shape);
        Assert.True(p[.., ..4].sum(1).allclose(ones(256), atol: 1e-5) && p[.., 4..].sum(1).allclose(ones(256), atol: 1e-5));
        Assert.True(stack(new[] { p[.., ..4].argmax(1), p[.., 4..].argmax(1) }, 1).eq(clf.Predict(test)).all().item<bool>());
        // Its features separate the classes: two different quadrants are far apart in Fréchet distance, one quadrant against itself is not.
        var f = clf.Features(test);
        var q = testLabels[.., 0];
        double across = FrechetDistance.Compute(f[q == 0], f[q == 1]);
        double within = FrechetDistance.Compute(clf.Features(Toy(256, g).Images), f);
        Assert.True(across > 5 * within, $"across {across}, within {within}");
    }

    [Fact]
    public void Labels_of_the_wrong_shape_are_refused()
    {
        var clf = new FeatureClassifier(1, new[] { 4, 2 });
        Assert.Throws<ArgumentException>(() => clf.Fit(zeros(4, 1, 16, 16), zeros(4, ScalarType.Int64)));
    }
}
