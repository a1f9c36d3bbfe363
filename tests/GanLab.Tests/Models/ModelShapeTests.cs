using GanLab.Models;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Models;

public class ModelShapeTests
{
    public ModelShapeTests() => TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    public void Dcgan_generator_and_discriminator_shapes(int size)
    {
        using var scope = NewDisposeScope();
        var g = new DcganGenerator(size, latent: 10, width: 4);
        var d = new DcganDiscriminator(size, width: 4);
        var images = g.forward(randn(2, 10));
        Assert.Equal(new long[] { 2, 3, size, size }, images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f);   // tanh
        Assert.Equal(new long[] { 2 }, d.forward(images).shape);
        Assert.Equal(new long[] { 2, d.FeatureSize }, d.Features(images).shape);
        Assert.Equal(4 * (size / 8) * 16, d.FeatureSize);       // width·2^k channels at 4x4
    }

    [Fact]
    public void Dcgan_keeps_the_pytorch_names()
    {
        var names = new DcganGenerator(32, 100, 32).state_dict().Keys.ToList();
        Assert.Equal("main.0.weight", names[0]);
        Assert.Contains("main.1.running_mean", names);
        Assert.Equal(new long[] { 100, 128, 4, 4 }, new DcganGenerator(32, 100, 32).state_dict()["main.0.weight"].shape);
    }

    [Fact]
    public void Eye_article_generator_starts_dense_at_16x16x256()
    {
        using var scope = NewDisposeScope();
        var g = new DcganGenerator(128, latent: 100, width: 64, dense: true, startSize: 16);
        var state = g.state_dict();
        Assert.Equal(new long[] { 256 * 16 * 16, 100 }, state["main.0.weight"].shape);                        // dense to 16x16x256
        Assert.Equal(new long[] { 256, 128, 4, 4 }, state.Where(kv => kv.Value.dim() == 4).First().Value.shape); // then 32x32x128
        Assert.Equal(new long[] { 1, 3, 128, 128 }, g.forward(randn(1, 100)).shape);
        Assert.Throws<ArgumentException>(() => new DcganGenerator(128, startSize: 16));                          // needs dense
    }

    [Fact]
    public void Encoder_maps_images_to_latents_and_starts_from_a_trained_D()
    {
        using var scope = NewDisposeScope();
        var d = new DcganDiscriminator(32, width: 4);
        var e = new DcganEncoder(32, latent: 12, width: 4);
        Assert.Equal(new long[] { 3, 12 }, e.forward(randn(3, 3, 32, 32)).shape);
        int copied = e.LoadBody(d);
        Assert.Equal(d.state_dict().Count - 1, copied);   // everything but the head
        Assert.True(e.state_dict()["main.0.weight"].equal(d.state_dict()["main.0.weight"]).all().item<bool>());
    }

    [Fact]
    public void Reverse_classifier_maps_labels_to_images()
    {
        using var scope = NewDisposeScope();
        var r = new ReverseClassifier(inputs: 40, imageSize: 32, width: 4);
        Assert.Equal(new long[] { 5, 3, 32, 32 }, r.forward(rand(5, 40)).shape);
    }

    [Fact]
    public void Msg_gan_generator_emits_every_scale_and_discriminator_reads_them()
    {
        using var scope = NewDisposeScope();
        var g = new MsgGanGenerator(32, latent: 16, width: 4, maxWidth: 8);
        var d = new MsgGanDiscriminator(32, width: 4, maxWidth: 8);
        var scales = g.forward(randn(3, 16));
        Assert.Equal(new[] { 4L, 8, 16, 32 }, scales.Select(s => s.shape[2]).ToArray());
        Assert.All(scales, s => Assert.Equal(new long[] { 3, 3, s.shape[2], s.shape[2] }, s.shape));
        Assert.Equal(new long[] { 3 }, d.forward(scales).shape);
        var pyramid = MsgGanDiscriminator.Pyramid(rand(3, 3, 32, 32));
        Assert.Equal(new[] { 4L, 8, 16, 32 }, pyramid.Select(s => s.shape[2]).ToArray());
        Assert.True(pyramid[3][.., .., ..2, ..2].mean(new long[] { 2, 3 }).allclose(pyramid[2][.., .., 0, 0])); // 2x2 average
    }

    [Fact]
    public void Msg_gan_generator_can_put_z_on_the_sphere_of_radius_sqrt_latent()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var g = new MsgGanGenerator(16, latent: 16, width: 4, maxWidth: 8, normalizeLatents: true);
        // Biases start at 0, and then G is blind to z's length anyway (LeakyReLU, then pixel norm); trained biases are not.
        using (no_grad()) foreach (var p in g.parameters()) p.add_(randn_like(p) * 0.5);
        var z = randn(3, 16);
        var onSphere = z * 4 / z.norm(1, keepdim: true);   // √16 = 4
        Assert.True(g.forward(z * 7)[^1].allclose(g.forward(onSphere)[^1], atol: 1e-4));   // only z's direction matters
        var plain = new MsgGanGenerator(16, latent: 16, width: 4, maxWidth: 8);
        plain.load_state_dict(g.state_dict());
        Assert.True(plain.forward(onSphere)[^1].allclose(g.forward(z)[^1], atol: 1e-4));   // the same weights, z normalised by hand
        Assert.False(plain.forward(z * 7)[^1].allclose(g.forward(z * 7)[^1], atol: 1e-3));
    }

    [Fact]
    public void Msg_gan_discriminator_sends_gradients_to_every_scale()
    {
        using var scope = NewDisposeScope();
        var d = new MsgGanDiscriminator(16, width: 4, maxWidth: 8);
        var inputs = MsgGanDiscriminator.Pyramid(rand(2, 3, 16, 16)).Select(s => s.detach().requires_grad_(true)).ToArray();
        d.forward(inputs).sum().backward();
        Assert.All(inputs, s => Assert.True(s.grad!.abs().sum().item<float>() > 0));   // φ_simple: each scale enters D
    }

    [Fact]
    public void Mlp_toy_models_map_points()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new long[] { 7, 2 }, new MlpGenerator(latent: 3, hidden: 8).forward(randn(7, 3)).shape);
        Assert.Equal(new long[] { 7 }, new MlpDiscriminator(hidden: 8).forward(randn(7, 2)).shape);
    }

    [Fact]
    public void Pixel_norm_and_minibatch_stddev_on_known_inputs()
    {
        using var scope = NewDisposeScope();
        // pixel (3, 4) → divided by sqrt((9 + 16) / 2)
        var x = tensor(new[] { 3f, 4f }).view(1, 2, 1, 1);
        var y = new PixelNorm().forward(x).view(-1).data<float>().ToArray();
        Assert.Equal(3 / MathF.Sqrt(12.5f), y[0], 5);
        Assert.Equal(4 / MathF.Sqrt(12.5f), y[1], 5);
        // batch of two 1x1x1 maps, values 1 and 3: std over batch = 1 → appended feature is 1 for both
        var b = tensor(new[] { 1f, 3f }).view(2, 1, 1, 1);
        var s = new MinibatchStdDev().forward(b);
        Assert.Equal(new long[] { 2, 2, 1, 1 }, s.shape);
        Assert.Equal(1f, s[0, 1, 0, 0].item<float>(), 4);
        Assert.Equal(1f, s[1, 1, 0, 0].item<float>(), 4);
    }

    [Fact]
    public void Equalized_layers_scale_weights_by_he_constant()
    {
        using var scope = NewDisposeScope();
        var conv = new EqualizedConv2d(2, 1, 1);
        var w = conv.parameters().First();
        using (no_grad()) w.copy_(ones(1, 2, 1, 1));
        var y = conv.forward(ones(1, 2, 1, 1));
        Assert.Equal(2 * MathF.Sqrt(2f / 2), y.item<float>(), 5);   // fan_in 2: scale sqrt(2/2) = 1, two inputs of 1
        var linear = new EqualizedLinear(8, 1);
        using (no_grad()) linear.parameters().First().copy_(ones(1, 8));
        Assert.Equal(8 * MathF.Sqrt(2f / 8), linear.forward(ones(1, 8)).item<float>(), 5);
    }
}
