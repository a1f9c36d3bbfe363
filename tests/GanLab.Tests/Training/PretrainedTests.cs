using GanLab.Analysis;
using GanLab.Cli;
using GanLab.Cli.Commands;
using GanLab.Data;
using GanLab.Metrics;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Tests.Notebooks;
using GanLab.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanLab.Tests.Training;

/// <summary>The shipped files in data/pretrained/ load, draw sensible images, and the encoder inverts its generator.</summary>
public class PretrainedTests : IDisposable
{
    static readonly string Folder = Path.Combine(NotebookFiles.RepoRoot, "data", "pretrained");
    static readonly string Faces = Path.Combine(Folder, "dcgan-faces32.ganlab");
    static readonly string Encoder = Path.Combine(Folder, "encoder-faces32.ganlab");
    static readonly string Mixed = Path.Combine(Folder, "dcgan-mixed32.ganlab");

    readonly string _dir = Path.Combine(Path.GetTempPath(), $"ganlab-pretrained-{Guid.NewGuid():N}");
    readonly ITestOutputHelper _output;

    public PretrainedTests(ITestOutputHelper output)
    {
        _output = output;
        TorchRuntime.Init(device: "cpu", threads: 2, seed: 0, quiet: true);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    static Tensor Noise(long count, int latent, int seed)
    {
        using var g = new torch.Generator((ulong)seed);
        return randn(new long[] { count, latent }, generator: g);
    }

    /// <summary>Mean Euclidean distance between two different images of the batch.</summary>
    static double MeanPairwiseDistance(Tensor images)
    {
        var flat = images.flatten(1);
        long n = flat.shape[0];
        return cdist(flat, flat).sum().item<float>() / (n * (n - 1));
    }

    [Theory]
    [InlineData("dcgan-faces32.ganlab")]
    [InlineData("dcgan-mixed32.ganlab")]
    public void Dcgan_file_is_small_weights_only_and_draws_32x32_images_in_range(string file)
    {
        string path = Path.Combine(Folder, file);
        Assert.True(new FileInfo(path).Length < 5_000_000, $"{file} is {new FileInfo(path).Length} bytes");
        Assert.Equal("float16", Checkpoint.ReadInfo(path).Metadata[Checkpoint.WeightsOnlyKey]);
        using var scope = NewDisposeScope();
        var (g, d) = Pretrained.Dcgan(path);
        Assert.False(g.training);
        using var _ = no_grad();
        var x = g.forward(Noise(16, g.Latent, seed: 1));
        Assert.Equal(new long[] { 16, 3, 32, 32 }, x.shape);
        Assert.True(x.min().item<float>() >= -1 && x.max().item<float>() <= 1);
        Assert.True(x.std().item<float>() > 0.1, "the images are nearly flat");
        var logits = d.forward(x);
        Assert.Equal(new long[] { 16 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
        Assert.Equal(new long[] { 16, d.FeatureSize }, d.Features(x).shape);
    }

    [Fact]
    public void Faces_generator_is_not_collapsed()
    {
        // Generated faces differ from each other about as much as real faces do; a collapsed G draws one face (distance ≈ 0).
        using var scope = NewDisposeScope();
        var (g, _) = Pretrained.Dcgan(Faces);
        using var real = Datasets.Faces(64, size: 32, seed: 1, cache: false);
        double realSpread = MeanPairwiseDistance(real.Images);
        double fakeSpread;
        using (no_grad()) fakeSpread = MeanPairwiseDistance(g.forward(Noise(64, g.Latent, seed: 2)));
        _output.WriteLine($"mean pairwise distance: generated {fakeSpread:F2}, real {realSpread:F2}");
        Assert.True(fakeSpread > 0.5 * realSpread, $"generated {fakeSpread:F2}, real {realSpread:F2}");
    }

    [Fact]
    public void No_msg_vs_dcgan_MSG_GAN_file_collapsed_each_is_within_twice_DCGANs_distance()
    {
        // Notebook 5's long budget (issue 15's target): the six shipped generators, 3,000 steps, each the run's average of G;
        // MSG-GAN trained with msg-stylegan-tf's loss (non-saturating + R1 γ 10). Notebook 3's ruler at N = 500, one noise draw.
        using var scope = NewDisposeScope();
        var ruler = FaceRuler.Create(FaceClassifier.LoadOrTrain(Path.Combine(Folder, FaceClassifier.PretrainedFile)), n: 500);
        var scores = new Dictionary<string, List<FaceScore>> { ["dcgan"] = new(), ["msggan"] = new() };
        foreach (var (model, seed) in new[] { "dcgan", "msggan" }.SelectMany(m => new[] { 1, 2, 3 }.Select(s => (m, s))))
        {
            string path = Path.Combine(Folder, "msg-vs-dcgan", $"{model}-seed{seed}.ganlab");
            var info = Checkpoint.ReadInfo(path);
            Assert.Equal(3000, info.Step);
            Assert.Equal("average", info.Metadata["generator_weights"]);   // the file's G is the run's average of G
            Assert.Equal(model == "msggan" ? ("ns", 10.0) : ("ns", 0.0), (info.Options!.Loss.Name, info.Options.R1Gamma));
            using var _ = no_grad();
            Tensor images;
            if (model == "dcgan") { var g = Pretrained.DcganGenerator(path); images = g.forward(Noise(ruler.N, g.Latent, seed: 10 + seed)); }
            else { var g = Pretrained.MsgGanGenerator(path); images = g.forward(Noise(ruler.N, g.Latent, seed: 10 + seed))[^1]; }
            scores[model].Add(ruler.Measure(images));
            _output.WriteLine($"{model} seed {seed}: {scores[model][^1]}");
        }
        double dcganMean = scores["dcgan"].Average(s => s.Fd);
        _output.WriteLine($"real vs real {ruler.RealVsReal:F2}; DCGAN mean {dcganMean:F1}");
        Assert.All(scores["msggan"], s => Assert.True(s.Fd < 2 * dcganMean, $"MSG-GAN {s}; DCGAN's mean {dcganMean:F1}"));
        Assert.All(scores.Values.SelectMany(v => v), s => Assert.True(s.Coverage.Covered > 0.6 * ruler.RealCoverage.Covered, $"{s}; real {ruler.RealCoverage}"));
    }

    [Fact]
    public void Encoder_inverts_the_faces_generator()
    {
        using var scope = NewDisposeScope();
        var (g, _) = Pretrained.Dcgan(Faces);
        var e = Pretrained.Encoder(Encoder);
        Assert.Equal(g.Latent, e.Latent);
        using var _ = no_grad();
        var x = g.forward(Noise(64, g.Latent, seed: 3));
        double reconstruction = mse_loss(g.forward(e.forward(x)), x).item<float>();
        double chance = mse_loss(x, x.roll(1, 0)).item<float>();   // two unrelated samples
        _output.WriteLine($"pixel MSE G(E(G(z))) vs G(z) {reconstruction:F4}; two random G(z) {chance:F4}");
        Assert.True(reconstruction < 0.5 * chance, $"G(E(G(z))) vs G(z): {reconstruction:F4}; two random G(z): {chance:F4}");
    }

    [Fact]
    public void Mixed_discriminator_features_cluster_by_hidden_family()
    {
        // Notebook 7 clusters D's last-layer features: k-means on them should recover the hidden families (4 here) well above chance (1/4).
        using var scope = NewDisposeScope();
        var (_, d) = Pretrained.Dcgan(Mixed);
        using var images = Datasets.Mixed(200, size: 32, families: 4, seed: 7, cache: false);   // not the training images (seed 0)
        Tensor features;
        using (no_grad()) features = d.Features(images.Images);
        var clusters = KMeans.Fit(features, k: 4, nInit: 2, seed: 1).Labels;
        var truth = images.Labels!.data<long>().Select(l => (int)l).ToArray();
        double purity = ClusteringScores.Purity(clusters, truth);
        _output.WriteLine($"k-means purity on D's features: {purity:F3}");
        Assert.True(purity > 0.6, $"purity {purity:F3}");
    }

    [Fact]
    public void Loading_into_another_architecture_names_the_tensor_and_both_shapes()
    {
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadGenerator(Faces, new DcganGenerator(32, latent: 64, width: 32)));
        Assert.Contains("'main.0.weight'", e.Message);
        Assert.Contains("[100, 128, 4, 4]", e.Message);
        Assert.Contains("[64, 128, 4, 4]", e.Message);
        var wrongKind = Assert.Throws<InvalidDataException>(() => Pretrained.Encoder(Faces));
        Assert.Contains("Pretrained.Dcgan", wrongKind.Message);
    }

    /// <summary>A tiny DCGAN (8x8, latent 6, width 4) trained 3 steps, with the metadata ganlab train stores.</summary>
    static GanTrainer<Tensor> TinyTrainer()
    {
        var trainer = GanTrainer.Create(new DcganGenerator(8, latent: 6, width: 4), new DcganDiscriminator(8, width: 4), new TrainerOptions { SnapshotEvery = 0, Seed = 1 });
        foreach (var (k, v) in new Dictionary<string, string> { ["model"] = "dcgan", ["size"] = "8", ["latent"] = "6", ["width"] = "4" }) trainer.Metadata[k] = v;
        trainer.Fit(Enumerable.Repeat(rand(4, 3, 8, 8) * 2 - 1, 3), 3);
        return trainer;
    }

    [Fact]
    public void Export_keeps_the_networks_of_a_checkpoint_and_refuses_to_resume_from_the_export()
    {
        using var scope = NewDisposeScope();
        using var trainer = TinyTrainer();
        string checkpoint = Path.Combine(_dir, "checkpoint.ganlab"), exported = Path.Combine(_dir, "exported.ganlab");
        trainer.SaveCheckpoint(checkpoint);

        var info = Checkpoint.ExportWeights(checkpoint, exported);
        Assert.Equal(3, info.Step);
        Assert.Equal("3", info.Metadata["channels"]);   // read off D's first convolution
        Assert.True(new FileInfo(exported).Length < new FileInfo(checkpoint).Length);
        var (g, d) = Pretrained.Dcgan(exported);
        trainer.G.eval();
        trainer.D.eval();
        using var _ = no_grad();
        var z = Noise(5, 6, seed: 4);
        Assert.True(g.forward(z).allclose(trainer.G.forward(z), rtol: 0, atol: 0.02));   // float16 weights
        var images = trainer.G.forward(z);
        Assert.True(d.forward(images).allclose(trainer.D.forward(images), rtol: 0.02, atol: 0.02));

        var e = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(exported));
        Assert.Contains("weights only", e.Message);

        string generatorOnly = Path.Combine(_dir, "g-only.ganlab");
        Checkpoint.ExportWeights(checkpoint, generatorOnly, generatorOnly: true);
        Assert.True(new FileInfo(generatorOnly).Length < new FileInfo(exported).Length);
        var g2 = new DcganGenerator(8, latent: 6, width: 4);
        Checkpoint.LoadGenerator(generatorOnly, g2);
        g2.eval();
        Assert.True(g2.forward(z).allclose(g.forward(z), rtol: 0, atol: 1e-6));
        var noD = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadDiscriminator(generatorOnly, new DcganDiscriminator(8, width: 4)));
        Assert.Contains("no discriminator", noD.Message);
    }

    [Fact]
    public void A_checkpoint_stores_the_typed_model_settings_and_options_and_Pretrained_builds_from_them_alone()
    {
        using var scope = NewDisposeScope();
        var settings = new DcganSettings { ImageSize = 8, Latent = 6, Width = 4 };
        using var trainer = GanTrainer.Create(settings, TrainerOptions.Dcgan with { LearningRateG = 1e-3, Beta1 = 0.25, SnapshotEvery = 0, Seed = 2 }, CPU);
        trainer.Fit(Enumerable.Repeat(rand(4, 3, 8, 8) * 2 - 1, 2), 2);
        string checkpoint = Path.Combine(_dir, "typed.ganlab"), exported = Path.Combine(_dir, "typed-export.ganlab");
        trainer.SaveCheckpoint(checkpoint);

        var info = Checkpoint.ReadInfo(checkpoint);
        Assert.Equal(settings, info.Model);
        Assert.Equal(new[] { Checkpoint.NetworksKey }, info.Metadata.Keys);   // no sizes as strings; the list of state dicts
        Assert.Equal(("ns", 1e-3, 2e-4, 0.25, 2L), (info.Options!.Loss.Name, info.Options.LearningRateG, info.Options.LearningRateD, info.Options.Beta1, info.Options.Seed));
        Assert.Equal(settings, Checkpoint.ExportWeights(checkpoint, exported).Model);

        var g = Pretrained.DcganGenerator(exported);
        trainer.G.eval();
        using var _ = no_grad();
        var z = Noise(3, 6, seed: 5);
        Assert.True(g.forward(z).allclose(trainer.G.forward(z), rtol: 0, atol: 0.02));   // float16 weights
        var wrongKind = Assert.Throws<InvalidDataException>(() => Pretrained.MsgGanGenerator(exported));
        Assert.Contains("Pretrained.Dcgan", wrongKind.Message);
    }

    [Fact]
    public void Msg_gan_generator_round_trips_through_a_generator_only_export()
    {
        using var scope = NewDisposeScope();
        TorchRuntime.Current.Reseed(6);
        using var trainer = GanTrainer.Create(new MsgGanGenerator(8, latent: 8, width: 4, maxWidth: 8), new MsgGanDiscriminator(8, width: 4, maxWidth: 8),
            TrainerOptions.MsgGan with { SnapshotEvery = 0, Seed = 1 });
        foreach (var (k, v) in new Dictionary<string, string> { ["model"] = "msggan", ["size"] = "8", ["latent"] = "8", ["width"] = "4", ["maxwidth"] = "8" }) trainer.Metadata[k] = v;
        trainer.Fit(Enumerable.Repeat(rand(4, 3, 8, 8) * 2 - 1, 2), 2);
        string checkpoint = Path.Combine(_dir, "msg.ganlab"), exported = Path.Combine(_dir, "msg-g.ganlab");
        trainer.SaveCheckpoint(checkpoint);
        Checkpoint.ExportWeights(checkpoint, exported, generatorOnly: true);

        var g = Pretrained.MsgGanGenerator(exported);   // the export's generator is the run's average of G (TrainerOptions.MsgGan.Ema)
        Assert.False(g.training);
        using var _ = no_grad();
        var z = Noise(3, 8, seed: 2);
        var (mine, theirs) = (g.forward(z), trainer.GEma!.forward(z));
        Assert.Equal(2, mine.Length);   // every scale comes back: 4x4 and 8x8
        Assert.True(mine[^1].allclose(theirs[^1], rtol: 0, atol: 0.02));   // float16 weights
        var wrongKind = Assert.Throws<InvalidDataException>(() => Pretrained.DcganGenerator(exported));
        Assert.Contains("Pretrained.MsgGanGenerator", wrongKind.Message);
    }

    [Fact]
    public void Encoder_command_trains_E_for_a_generator_file_and_export_ships_it()
    {
        using var scope = NewDisposeScope();
        string source = Path.Combine(_dir, "g.ganlab"), run = Path.Combine(_dir, "encoder"), shipped = Path.Combine(_dir, "encoder.ganlab");
        using (var trainer = TinyTrainer()) trainer.SaveCheckpoint(source);
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        try
        {
            Assert.Equal(0, GanLabCommandLine.Invoke(new[] { "train", "--model", "encoder", "--generator", source, "--steps", "5", "--batch", "8",
                "--out", run, "--device", "cpu", "--threads", "2" }));
            Assert.Equal(0, GanLabCommandLine.Invoke("export", "--in", Path.Combine(run, TrainCommand.CheckpointFile), "--out", shipped, "--device", "cpu", "--threads", "2"));
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
        Assert.True(File.Exists(Path.Combine(run, "samples.png")));
        Assert.Equal(6, File.ReadAllLines(Path.Combine(run, "history.csv")).Length);
        var e = Pretrained.Encoder(shipped);
        Assert.Equal(6, e.Latent);
        using var _ = no_grad();
        Assert.Equal(new long[] { 2, 6 }, e.forward(rand(2, 3, 8, 8)).shape);
    }
}
