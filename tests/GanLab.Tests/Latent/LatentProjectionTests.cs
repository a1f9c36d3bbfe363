using GanLab.Latent;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Tests.Latent;

public class LatentProjectionTests
{
    public LatentProjectionTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    /// <summary>A small random, fixed generator: z (8) → 1x8x8 image in [-1, 1].</summary>
    sealed class TinyGenerator : Module<Tensor, Tensor>
    {
        readonly Module<Tensor, Tensor> net;

        public TinyGenerator() : base(nameof(TinyGenerator))
        {
            net = Sequential(Linear(8, 64), Tanh(), Linear(64, 64), Tanh());
            RegisterComponents();
        }

        public override Tensor forward(Tensor z) => net.forward(z).view(-1, 1, 8, 8);
    }

    [Fact]
    public void A_target_made_from_a_known_latent_is_recovered()
    {
        manual_seed(1);
        var g = new TinyGenerator();
        var truth = randn(new long[] { 2, 8 }, generator: new Generator(5));
        Tensor target;
        using (no_grad()) target = g.forward(truth);
        var before = g.parameters().Select(p => p.clone()).ToList();

        var result = LatentProjection.Project(g, target, 8, new ProjectionOptions { Steps = 300, LearningRate = 0.05, Seed = 2 });
        Assert.True(result.Losses[^1] < result.Losses[0] / 100, $"loss {result.Losses[0]} → {result.Losses[^1]}");
        Assert.Equal(301, result.Losses.Count);
        Assert.Equal(301, result.Path.Count);
        Assert.True(allclose(result.Path[0], randn(new long[] { 2, 8 }, generator: new Generator(2))));
        Assert.True(allclose(result.Path[^1], result.Latent));
        Assert.True((result.Image - target).abs().max().item<float>() < 0.05);
        // The generator is left as it was: same weights, trainable, in training mode.
        Assert.All(g.parameters().Zip(before), p => Assert.True(p.First.eq(p.Second).all().item<bool>(), "weights changed"));
        Assert.All(g.parameters(), p => Assert.True(p.requires_grad, "parameters stay trainable"));
        Assert.True(g.training);
    }

    [Fact]
    public void Starting_from_an_encoders_guess_converges_faster()
    {
        manual_seed(3);
        var g = new TinyGenerator();
        var truth = randn(new long[] { 4, 8 }, generator: new Generator(6));
        Tensor target;
        using (no_grad()) target = g.forward(truth);
        var guess = truth + randn(new long[] { 4, 8 }, generator: new Generator(7)) * 0.3;   // a decent encoder

        var cold = LatentProjection.Project(g, target, 8, new ProjectionOptions { Steps = 150, Seed = 4 });
        var warm = LatentProjection.Project(g, target, 8, new ProjectionOptions { Steps = 150, Start = guess });
        Assert.True(warm.Losses[0] < cold.Losses[0]);
        double goal = cold.Losses[0] / 50;
        int warmSteps = warm.StepsTo(goal) ?? int.MaxValue, coldSteps = cold.StepsTo(goal) ?? int.MaxValue;
        Assert.True(warmSteps < coldSteps, $"steps to {goal}: warm {warmSteps}, cold {coldSteps}");
        Assert.True(warm.Losses[^1] <= cold.Losses[^1]);
    }

    [Fact]
    public void Feature_loss_is_tracked_and_the_path_can_be_thinned()
    {
        manual_seed(5);
        var g = new TinyGenerator();
        var target = g.forward(randn(1, 8, generator: new Generator(8))).detach()[0];          // (C, H, W)
        Func<Tensor, Tensor> pooled = x => functional.avg_pool2d(x, 2).flatten(1);
        var result = LatentProjection.Project(g, target, 8, new ProjectionOptions { Steps = 50, Features = pooled, FeatureWeight = 2, RecordEvery = 20 });
        Assert.Equal(new[] { 0, 20, 40, 50 }, result.PathSteps);
        Assert.True(result.FeatureLosses[^1] < result.FeatureLosses[0] / 10);
        Assert.Equal(result.PixelLosses[0] + 2 * result.FeatureLosses[0], result.Losses[0], 5);
        Assert.Throws<ArgumentException>(() => LatentProjection.Project(g, target, 8, new ProjectionOptions { Start = zeros(1, 7) }));
    }
}
