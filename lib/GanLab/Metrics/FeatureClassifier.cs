using GanLab.Runtime;
using LeakyReLU = GanLab.Models.LeakyReLU;   // not TorchSharp.Modules.LeakyReLU: see its summary
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Metrics;

/// <summary>
/// A small convolutional classifier the course trains itself to get features for the Fréchet distance (the role
/// Inception-v3 plays in FID) and labels for category coverage. It has one softmax head per categorical attribute
/// (one head of 10 classes for Fashion-MNIST; mouth, glasses, hair, ... for procedural faces).
/// <see cref="Features"/> is the penultimate layer.
/// </summary>
/// <example><code>
/// var clf = new FeatureClassifier(channels: 3, classesPerHead: new[] { 3, 2, 5 });
/// clf.Fit(images, attributes, epochs: 5);                      // attributes (N, 3) int64
/// double fd = FrechetDistance.Compute(clf.Features(fakes), clf.Features(reals));
/// </code></example>
public sealed class FeatureClassifier : Module<Tensor, Tensor>
{
    readonly Sequential body;
    readonly Linear head;
    readonly int[] _classes;

    /// <param name="channels">Image channels: 1 or 3.</param>
    /// <param name="classesPerHead">Number of classes of each head (attribute).</param>
    /// <param name="width">Channels of the first convolution; doubled twice.</param>
    /// <param name="featureSize">Length of the feature vector (penultimate layer).</param>
    public FeatureClassifier(int channels, IReadOnlyList<int> classesPerHead, int width = 32, int featureSize = 64) : base(nameof(FeatureClassifier))
    {
        if (classesPerHead.Count == 0 || classesPerHead.Any(c => c < 2))
            throw new ArgumentException("Give at least one head, each with 2 or more classes.", nameof(classesPerHead));
        _classes = classesPerHead.ToArray();
        FeatureSize = featureSize;
        body = Sequential(
            // input: channels x H x W (28, 32, 64, ...)
            Conv2d(channels, width, 3, stride: 2, padding: 1), new LeakyReLU(0.2),
            // state size: width x H/2 x W/2
            Conv2d(width, 2 * width, 3, stride: 2, padding: 1), new LeakyReLU(0.2),
            // state size: (2 width) x H/4 x W/4
            Conv2d(2 * width, 4 * width, 3, stride: 2, padding: 1), new LeakyReLU(0.2),
            // state size: (4 width) x H/8 x W/8
            AdaptiveAvgPool2d(4),
            // state size: (4 width) x 4 x 4
            Flatten(),
            Linear(4 * width * 16, featureSize), ReLU());
        // state size: featureSize (the features)
        head = Linear(featureSize, _classes.Sum());
        // state size: all heads' logits side by side
        RegisterComponents();
    }

    /// <summary>Length of the feature vector.</summary>
    public int FeatureSize { get; }

    /// <summary>Number of classes of each head.</summary>
    public IReadOnlyList<int> ClassesPerHead => _classes;

    /// <summary>Images (N, C, H, W) in [-1, 1] → every head's logits side by side, (N, Σ classes).</summary>
    public override Tensor forward(Tensor images) => head.forward(body.forward(images));

    /// <summary>The penultimate layer for <paramref name="images"/> (N, C, H, W), computed in batches without gradients: (N, <see cref="FeatureSize"/>).</summary>
    public Tensor Features(Tensor images, int batchSize = 512) => Batched(images, batchSize, x => body.forward(x));

    /// <summary>The most likely class of each head, (N, heads) int64.</summary>
    public Tensor Predict(Tensor images, int batchSize = 512) => Batched(images, batchSize, x =>
    {
        return stack(Heads(forward(x)).Select(l => l.argmax(1)).ToArray(), 1);
    });

    /// <summary>Each head's class probabilities (softmax within the head), side by side: (N, Σ classes), computed in batches without gradients.</summary>
    public Tensor Probabilities(Tensor images, int batchSize = 512) => Batched(images, batchSize, x =>
        cat(forward(x).split(_classes.Select(c => (long)c).ToArray(), 1).Select(l => functional.softmax(l, 1)).ToArray(), 1));

    /// <summary>Share of correct predictions per head for labels (N) or (N, heads).</summary>
    public double[] Accuracy(Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var predicted = Predict(images).cpu();
        var truth = Labels(labels).cpu();
        return predicted.eq(truth).to(ScalarType.Float64).mean(new long[] { 0 }).data<double>().ToArray();
    }

    /// <summary>
    /// Trains on images (N, C, H, W) and labels (N) or (N, heads) with Adam and the sum of the heads' cross-entropies;
    /// returns the mean loss of each epoch.
    /// </summary>
    public double[] Fit(Tensor images, Tensor labels, int epochs = 5, int batchSize = 128, double learningRate = 1e-3, int seed = 0)
    {
        var y = Labels(labels);
        if (y.shape[0] != images.shape[0]) throw new ArgumentException($"{images.shape[0]} images but {y.shape[0]} labels.");
        var device = head.weight!.device;
        var optimizer = optim.Adam(parameters(), learningRate);
        using var generator = new Generator((ulong)seed);
        long n = images.shape[0];
        var history = new double[epochs];
        train();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using var epochScope = NewDisposeScope();
            var order = randperm(n, generator: generator);
            double total = 0;
            int batches = 0;
            for (long start = 0; start < n; start += batchSize)
            {
                NotebookInterrupt.ThrowIfRequested();
                using var scope = NewDisposeScope();
                var idx = order[(int)start..(int)Math.Min(start + batchSize, n)];
                var x = images.index_select(0, idx.to(images.device)).to(device);
                var target = y.index_select(0, idx.to(y.device)).to(device);
                optimizer.zero_grad();
                var loss = Heads(forward(x)).Select((l, h) => functional.cross_entropy(l, target[.., h])).Aggregate((a, b) => a + b);
                loss.backward();
                optimizer.step();
                total += loss.item<float>();
                batches++;
            }
            history[epoch] = total / batches;
        }
        eval();
        return history;
    }

    /// <summary>Each head's logits, (N, classes of that head), as views into the side-by-side logits (N, Σ classes).</summary>
    IEnumerable<Tensor> Heads(Tensor logits)
    {
        long start = 0;
        foreach (int classes in _classes)
        {
            yield return logits.narrow(1, start, classes);
            start += classes;
        }
    }

    Tensor Labels(Tensor labels)
    {
        var y = (labels.dim() == 1 ? labels.unsqueeze(1) : labels).to(ScalarType.Int64);
        if (y.dim() != 2 || y.shape[1] != _classes.Length)
            throw new ArgumentException($"Labels must be (N) or (N, {_classes.Length}) for {_classes.Length} head(s); got shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        return y;
    }

    Tensor Batched(Tensor images, int batchSize, Func<Tensor, Tensor> run)
    {
        bool wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var device = head.weight!.device;
            var parts = new List<Tensor>();
            for (long start = 0; start < images.shape[0]; start += batchSize)
                parts.Add(run(images[(int)start..(int)Math.Min(start + batchSize, images.shape[0])].to(device)));
            return cat(parts, 0).MoveToOuterDisposeScope();
        }
        finally { if (wasTraining) train(); }
    }
}
