using GanLab.Data;
using GanLab.Latent;
using GanLab.Metrics;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Tests.Data;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Runtime;

/// <summary>
/// The GPU path, checked without a GPU: GanLab's models, training steps, sampling, checkpoints, data loading, metrics and
/// latent tools run with every model on a second device (<see cref="StandInDevice"/>), which refuses CPU tensors mixed
/// into its computations as <c>cuda</c> does. Inputs are given the way notebooks give them (data sets and real batches on
/// the CPU), so a missing <c>.to(device)</c> anywhere on the way fails here. Each scenario runs one or two steps (the
/// stand-in's graphs grow with every optimizer step). The stand-in draws random numbers on the CPU, so seeded generators
/// asked for on a device are checked by reading the source (SeededRandomSourceTests). On a GPU machine
/// GANLAB_TEST_DEVICE=cuda runs the same checks on the GPU (.ci/gpu-check does).
/// </summary>
public class DeviceCheckTests : IDisposable
{
    readonly Device _device;
    readonly string _dir = Path.Combine(Path.GetTempPath(), $"ganlab-device-{Guid.NewGuid():N}");

    public DeviceCheckTests()
    {
        TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);
        _device = StandInDevice.Device;
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static List<Tensor> CpuImages(int batches, int size = 16, int batch = 8)
    {
        using var g = new torch.Generator(3);
        return Enumerable.Range(0, batches).Select(_ => rand(new long[] { batch, 3, size, size }, generator: g).mul(2).sub(1)).ToList();
    }

    void OnDevice(Tensor t, string what) => Assert.True(t.device_type == _device.type, $"{what} is on {t.device}, not on the models' device");

    static void AllFinite(TrainingStep s) =>
        Assert.All(new[] { s.LossD, s.LossG, s.DReal, s.DFake, s.DFakeAfter, s.GradNormD, s.GradNormG }, v => Assert.True(float.IsFinite(v)));

    [Fact]
    public void The_check_fails_when_a_cpu_tensor_meets_a_device_model()
    {
        var d = new DcganDiscriminator(16, width: 4).to(_device);
        var e = Assert.ThrowsAny<Exception>(() => d.forward(CpuImages(1)[0]));
        Assert.True(StandInDevice.IsMixedDeviceError(e), e.Message);
        // notebook 7's slip: indexing CPU samples with an index computed on the device
        using var cpu = arange(6, dtype: ScalarType.Float32);
        using var index = tensor(new long[] { 1, 3 }).to(_device);
        var e2 = Assert.ThrowsAny<Exception>(() => cpu.index_select(0, index).cpu());
        Assert.True(StandInDevice.IsMixedDeviceError(e2), e2.Message);
    }

    [Fact]
    public void Dcgan_trainer_builds_steps_samples_snapshots_and_checkpoints_on_the_device()
    {
        TorchRuntime.Current.Reseed(1);
        var g = new DcganGenerator(16, latent: 8, width: 4).to(_device);
        var d = new DcganDiscriminator(16, width: 4).to(_device);
        string path = Path.Combine(_dir, "run.ckpt");
        var options = new TrainerOptions { Seed = 2, SnapshotEvery = 1, SnapshotCount = 4, CheckpointPath = path };
        using (var trainer = GanTrainer.Create(g, d, options))
        {
            OnDevice(trainer.FixedNoise, "the fixed noise");
            var step = trainer.Fit(CpuImages(2), 1)[0];   // real batches come from the CPU, as a DataLoader on the CPU gives them
            AllFinite(step);
            Assert.Equal(2, trainer.Snapshots.Count);
            Assert.Equal(DeviceType.CPU, trainer.Snapshots[^1].Samples.device_type);   // snapshots are kept on the CPU for display
            using var samples = trainer.Sample(3);
            OnDevice(samples, "Sample's images");
            Assert.Equal(new long[] { 3, 3, 16, 16 }, samples.shape);
        }
        // The checkpoint written from the device is a whole checkpoint: a CPU trainer resumes from it. (Resuming on the
        // stand-in itself cannot be checked: TorchSharp reads Adam's state through zeros_like(state, device: cpu), which
        // the lazy backend answers with a tensor without storage; CUDA's zeros_like honours the device.)
        var gCpu = new DcganGenerator(16, latent: 8, width: 4);
        using (var resumed = GanTrainer.Create(gCpu, new DcganDiscriminator(16, width: 4), options with { CheckpointPath = null }))
        {
            resumed.LoadCheckpoint(path);
            Assert.Equal(1, resumed.Step);
        }
        var gDevice = new DcganGenerator(16, latent: 8, width: 4).to(_device);
        Checkpoint.LoadGenerator(path, gDevice);
        Assert.True(TensorAssert.Same(gCpu.parameters().First(), gDevice.parameters().First().cpu()));
        if (_device.type != DeviceType.CUDA) return;
        using var onGpu = GanTrainer.Create(gDevice, new DcganDiscriminator(16, width: 4).to(_device), options with { CheckpointPath = null });
        onGpu.LoadCheckpoint(path);   // on a real GPU (GANLAB_TEST_DEVICE=cuda), resuming there too
        AllFinite(onGpu.Fit(CpuImages(2), 1)[0]);
    }

    [Theory]
    [InlineData("non-saturating")]
    [InlineData("wgan-gp")]
    [InlineData("relativistic-hinge")]
    [InlineData("hinge")]
    [InlineData("minimax")]
    public void Every_loss_trains_a_step_on_the_device(string name)
    {
        GanLoss loss = name switch
        {
            "wgan-gp" => new WassersteinGpLoss(),
            "relativistic-hinge" => new RelativisticHingeLoss(),
            "hinge" => new HingeLoss(),
            "minimax" => new MinimaxLoss(),
            _ => new NonSaturatingLoss(),
        };
        TorchRuntime.Current.Reseed(1);
        var g = new MlpGenerator(latent: 2, hidden: 8, layers: 2).to(_device);
        var d = new MlpDiscriminator(hidden: 8, layers: 2).to(_device);
        using var trainer = GanTrainer.Create(g, d, TrainerOptions.Toy2d with { Loss = loss, Seed = 1, DiscriminatorSteps = 2 });
        AllFinite(trainer.Fit(ToyMixture.Ring().Batches(16, seed: 1), 1)[0]);
    }

    [Fact]
    public void A_frozen_discriminator_and_a_packed_one_step_on_the_device()
    {
        TorchRuntime.Current.Reseed(1);
        var g = new MlpGenerator(latent: 2, hidden: 8, layers: 2).to(_device);
        var d = new PackedDiscriminator(new MlpDiscriminator(inputs: 4, hidden: 8, layers: 2), pack: 2).to(_device);
        using var trainer = GanTrainer.Create(g, d, TrainerOptions.Toy2d with { Seed = 1, FreezeDiscriminatorAfter = 0 });
        var step = trainer.Fit(ToyMixture.Grid().Batches(16, seed: 1), 1)[0];
        Assert.True(step.DFrozen);
        Assert.True(float.IsFinite(step.LossG));
    }

    [Fact]
    public void Msg_gan_trains_a_step_and_samples_on_the_device()
    {
        TorchRuntime.Current.Reseed(1);
        var g = new MsgGanGenerator(16, latent: 8, width: 4, maxWidth: 8).to(_device);
        var d = new MsgGanDiscriminator(16, width: 4, maxWidth: 8).to(_device);
        using var trainer = GanTrainer.Create(g, d, TrainerOptions.MsgGan with { Seed = 1, SnapshotEvery = 1, SnapshotCount = 4 });
        AllFinite(trainer.Fit(CpuImages(1), 1)[0]);
        using var samples = trainer.Sample(2);
        OnDevice(samples, "MSG-GAN's samples");
    }

    [Fact]
    public void The_data_loader_puts_batches_on_the_device()
    {
        using var faces = Datasets.Faces(12, size: 8, seed: 1, cache: false);
        foreach (var keep in new[] { false, true })
        foreach (var batch in new DataLoader(faces, 4, flip: true, seed: 1, device: _device, keepOnDevice: keep))
        {
            OnDevice(batch.Images, "a batch's images");
            OnDevice(batch.Labels!, "a batch's labels");
            OnDevice(batch.Attributes!, "a batch's attributes");
        }
    }

    [Fact]
    public void The_feature_classifier_trains_and_measures_on_the_device_and_the_metrics_take_its_output()
    {
        using var faces = Datasets.Faces(48, size: 16, seed: 1, cache: false);   // on the CPU, as notebooks hold data sets
        var clf = new FeatureClassifier(3, FaceClassifier.Classes, width: 4, featureSize: 8).to(_device);   // 8 features: 24 samples suffice
        var losses = clf.Fit(faces.Images, FaceClassifier.HeadLabels(faces.Labels!), epochs: 1, batchSize: 24);
        Assert.True(double.IsFinite(losses[0]));
        Assert.All(clf.Accuracy(faces.Images, FaceClassifier.HeadLabels(faces.Labels!)), a => Assert.InRange(a, 0, 1));

        using var features = clf.Features(faces.Images);
        OnDevice(features, "the classifier's features");
        using var modes = FaceClassifier.Modes(clf.Predict(faces.Images));
        Assert.True(double.IsFinite(FrechetDistance.Compute(features[..24], features[24..])));
        Assert.True(double.IsFinite(FrechetDistance.RealVsReal(features)));
        Assert.True(double.IsFinite(KernelDistance.Compute(features[..24], features[24..], subsets: 2, subsetSize: 8).Mean));
        Assert.InRange(CategoricalCoverage.Evaluate(modes, FaceClassifier.Modes(FaceClassifier.HeadLabels(faces.Labels!))).Covered, 0, 132);

        // BirthdayTest and CopyCheck are left out: they use cdist, which the stand-in cannot run ("aten::as_strided ...
        // has no implementation for the backend lazy"); both move only their results to the CPU.
        using var onDevice = faces.Images.to(_device);
        Assert.True(double.IsFinite(Sharpness.MeanGradient(onDevice)));
        Assert.True(double.IsFinite(Sharpness.HighFrequencyEnergy(onDevice)));
    }

    [Fact]
    public void Mode_coverage_reads_samples_from_the_device()
    {
        using var points = ToyMixture.Ring().Sample(64, new torch.Generator(1)).to(_device);
        Assert.InRange(ModeCoverage.Evaluate(points, ToyMixture.Ring()).ModesCovered, 1, 8);
    }

    [Fact]
    public void Regression_training_the_encoder_and_projection_run_on_the_device()
    {
        TorchRuntime.Current.Reseed(1);
        var g = new DcganGenerator(16, latent: 8, width: 4).to(_device);
        var e = new DcganEncoder(16, latent: 8, width: 4).to(_device);
        Assert.True(float.IsFinite(RegressionTrainer.FitEncoder(e, g, latent: 8, steps: 1, batchSize: 4, seed: 1, reconstructionWeight: 0.5)[0]));

        var reverse = new ReverseClassifier(inputs: 3, imageSize: 16, width: 4).to(_device);
        var pairs = new[] { (rand(4, 3), CpuImages(1, batch: 4)[0]) };   // (labels, images) on the CPU
        Assert.True(float.IsFinite(RegressionTrainer.Fit(reverse, pairs, steps: 1)[0]));

        var target = CpuImages(1, batch: 2)[0];
        var result = LatentProjection.Project(g, target, 8, new ProjectionOptions { Steps = 2, Seed = 1, Features = x => e.forward(x), PriorWeight = 0.1 });
        Assert.Equal(new long[] { 2, 8 }, result.Latent.shape);

        using var z = randn(6, 8).to(_device);
        var attributes = tensor(new float[] { 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1 }).view(6, 2);   // on the CPU
        var vectors = AttributeVectors.FromLatents(z, attributes, new[] { "a", "b" });
        OnDevice(vectors.Apply(z[..2], AttributeEdit.Add("a"), AttributeEdit.Remove("b")), "an edited latent");
        Assert.Equal(2, vectors.TopAttributes(z[0], k: 2).Count);
        using var path = Interpolation.Path(z[0], z[1], steps: 3, spherical: true);
        OnDevice(path, "an interpolation path");
    }

    [Fact]
    public void Pretrained_models_load_onto_the_device_and_generate_there()
    {
        string file = Path.Combine(Notebooks.NotebookFiles.RepoRoot, "data", "pretrained", "dcgan-faces32.ganlab");
        var (g, d) = Pretrained.Dcgan(file, _device);
        using var _ = no_grad();
        using var images = g.forward(randn(2, g.Latent).to(_device));
        using var logits = d.forward(images);
        Assert.Equal(2, logits.cpu().shape[0]);
    }
}
