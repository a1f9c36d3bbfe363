using GanLab.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// The course's feature extractor for procedural faces: a <see cref="FeatureClassifier"/> with one head per factor
/// of a face's mode (mouth 3, glasses 2, hair 11 = bald or short/long in five colours, beard 2), so that
/// <c>Predict</c> gives each image's mode and <c>Features</c> the 64 numbers the Fréchet distance compares.
/// A trained copy is in <c>data/pretrained/</c> (<see cref="PretrainedFile"/>); <see cref="LoadOrTrain"/> falls back
/// to training one (about a minute on a laptop CPU) when that file is missing.
/// </summary>
/// <example><code>
/// var clf = FaceClassifier.LoadOrTrain("../data/pretrained/" + FaceClassifier.PretrainedFile);
/// var modes = FaceClassifier.Modes(clf.Predict(fakes));          // (N) index into FaceAttributes.Combinations
/// var coverage = CategoricalCoverage.Evaluate(modes, FaceClassifier.Modes(clf.Predict(reals)));
/// </code></example>
public static class FaceClassifier
{
    /// <summary>File name of the pretrained copy (32x32 faces) in <c>data/pretrained/</c>.</summary>
    public const string PretrainedFile = "faces-classifier-32.bin";

    /// <summary>The heads' names, in order.</summary>
    public static IReadOnlyList<string> HeadNames { get; } = new[] { "mouth", "glasses", "hair", "beard" };

    /// <summary>Classes per head: mouth (smile, neutral, frown), glasses, hair (bald, short x 5 colours, long x 5 colours), beard.</summary>
    public static IReadOnlyList<int> Classes { get; } = new[] { 3, 2, 11, 2 };

    /// <summary>A new, untrained classifier for RGB faces (width 32, 64 features): the architecture of the pretrained copy.</summary>
    public static FeatureClassifier Create() => new(3, Classes, width: 32, featureSize: 64);

    /// <summary>Each face's mode (N) (its <see cref="ImageDataset.Labels"/>, an index into <see cref="FaceAttributes.Combinations"/>) → the heads' labels (N, 4).</summary>
    public static Tensor HeadLabels(Tensor modes)
    {
        var k = modes.to(ScalarType.Int64);
        return stack(new[] { k.div(44, rounding_mode: RoundingMode.floor), k.div(22, rounding_mode: RoundingMode.floor).remainder(2),
            k.div(2, rounding_mode: RoundingMode.floor).remainder(11), k.remainder(2) }, 1);
    }

    /// <summary>The heads' predictions (N, 4) → each face's mode (N), an index into <see cref="FaceAttributes.Combinations"/> (the inverse of <see cref="HeadLabels"/>).</summary>
    public static Tensor Modes(Tensor heads)
    {
        var h = heads.to(ScalarType.Int64);
        return ((h[.., 0] * 2 + h[.., 1]) * 11 + h[.., 2]) * 2 + h[.., 3];
    }

    /// <summary>
    /// Trains a classifier on <paramref name="count"/> procedural faces of side <paramref name="size"/> (drawn with
    /// <paramref name="seed"/>, flipped at random as extra data) for <paramref name="epochs"/> epochs; returns it in eval mode.
    /// </summary>
    public static FeatureClassifier Train(int count = 20_000, int size = 32, int epochs = 6, int seed = 1, Device? device = null, Action<string>? log = null)
    {
        using var faces = Datasets.Faces(count, size, seed);
        var clf = Create();
        if (device is not null) clf.to(device);
        using var scope = NewDisposeScope();
        var images = cat(new[] { faces.Images, faces.Images.flip(3) }, 0);
        var labels = HeadLabels(faces.Labels!).repeat(2, 1);
        var losses = clf.Fit(images, labels, epochs, batchSize: 128, learningRate: 2e-3, seed: seed);
        log?.Invoke($"trained the face classifier on {count} faces ({size}x{size}, and their mirror images), {epochs} epochs; last loss {losses[^1]:F3}");
        return clf;
    }

    /// <summary>Loads a classifier saved with <see cref="Save"/> (TorchSharp's state-dict format).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public static FeatureClassifier Load(string path, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No face classifier at {Path.GetFullPath(path)}.", path);
        var clf = Create();
        clf.load(path);
        if (device is not null) clf.to(device);
        clf.eval();
        return clf;
    }

    /// <summary>Saves the classifier's weights to <paramref name="path"/> (about 1 MB), writing a temporary file and renaming it.</summary>
    public static void Save(FeatureClassifier classifier, string path)
    {
        Runtime.AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            classifier.save(writer);
        });
    }

    /// <summary>
    /// The pretrained classifier at <paramref name="path"/> if the file exists; otherwise one trained now with
    /// <see cref="Train"/> (<paramref name="count"/> faces, <paramref name="epochs"/> epochs), with a note through <paramref name="log"/>
    /// (default: the console).
    /// </summary>
    public static FeatureClassifier LoadOrTrain(string path, int count = 20_000, int epochs = 6, Device? device = null, Action<string>? log = null)
    {
        log ??= Console.WriteLine;
        if (File.Exists(path))
        {
            log($"loaded the pretrained face classifier from {path}");
            return Load(path, device);
        }
        log($"no pretrained face classifier at {Path.GetFullPath(path)}: training one now");
        return Train(count, 32, epochs, device: device, log: log);
    }
}
