using GanLab.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// Notebook 3's ruler for generators of procedural faces, in one object: the face classifier's features of N held-out
/// real faces, the real-vs-real Fréchet distance and coverage at that N (what a perfect generator scores), and
/// <see cref="Measure"/>, which scores N generated faces the same way. Every generator measured with one ruler is
/// comparable with every other.
/// </summary>
/// <example><code>
/// var ruler = FaceRuler.Create(FaceClassifier.LoadOrTrain("../data/pretrained/" + FaceClassifier.PretrainedFile));
/// Console.WriteLine(ruler.Measure(trainer.Sample(ruler.N)));   // Fréchet distance 412.3 (20.9x real vs real); 98 / 130 ...
/// </code></example>
public sealed class FaceRuler
{
    readonly FeatureClassifier _classifier;
    readonly Tensor _realFeatures;
    readonly string[] _realModes;

    FaceRuler(FeatureClassifier classifier, Tensor realFeatures, string[] realModes, double realVsReal, CategoricalCoverageResult realCoverage)
    {
        _classifier = classifier;
        _realFeatures = realFeatures.DetachFromDisposeScope();
        _realModes = realModes;
        RealVsReal = realVsReal;
        RealCoverage = realCoverage;
    }

    /// <summary>Faces per set: generated sets must hold this many (the distance is biased by N, so one ruler uses one N).</summary>
    public int N => (int)_realFeatures.shape[0];

    /// <summary>The Fréchet distance between two disjoint sets of N held-out real faces: the floor.</summary>
    public double RealVsReal { get; }

    /// <summary>How a second set of N real faces covers the first one's attribute combinations: the ceiling.</summary>
    public CategoricalCoverageResult RealCoverage { get; }

    /// <summary>
    /// A ruler of <paramref name="n"/> faces per set (notebook 3: 2,000), from 2·<paramref name="n"/> held-out faces of side
    /// <paramref name="size"/> drawn with <paramref name="seed"/> (notebook 3: 7; never a training seed).
    /// </summary>
    public static FaceRuler Create(FeatureClassifier classifier, int n = 2000, int size = 32, int seed = 7)
    {
        if (n <= classifier.FeatureSize)
            throw new ArgumentOutOfRangeException(nameof(n), $"The ruler needs more faces ({n}) than the classifier has features ({classifier.FeatureSize}); the covariance is singular otherwise.");
        classifier.eval();
        using var faces = Datasets.Faces(2 * n, size, seed);
        using var scope = NewDisposeScope();
        var features = classifier.Features(faces.Images);
        var modes = CategoricalCoverage.Keys(FaceClassifier.Modes(classifier.Predict(faces.Images)));
        var first = modes[..n];
        var coverage = CategoricalCoverage.Evaluate(modes[n..], first);
        double floor = FrechetDistance.RealVsReal(features);   // two random halves, as notebook 3 computes it
        return new FaceRuler(classifier, features[..n].clone(), first, floor, coverage);
    }

    /// <summary>Scores N generated faces (N, 3, S, S) in [-1, 1]: Fréchet distance, its ratio to the floor, coverage.</summary>
    public FaceScore Measure(Tensor images)
    {
        if (images.shape[0] != N)
            throw new ArgumentException($"This ruler compares sets of {N} faces; got {images.shape[0]}. Sample exactly {N} (the distance depends on N).", nameof(images));
        using var scope = NewDisposeScope();
        double fd = FrechetDistance.Compute(_classifier.Features(images), _realFeatures);
        var coverage = CategoricalCoverage.Evaluate(CategoricalCoverage.Keys(FaceClassifier.Modes(_classifier.Predict(images))), _realModes);
        return new FaceScore(fd, fd / RealVsReal, coverage);
    }
}
