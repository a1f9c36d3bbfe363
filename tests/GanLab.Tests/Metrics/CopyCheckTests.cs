using GanLab.Metrics;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class CopyCheckTests
{
    public CopyCheckTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    static Tensor Images(long n, Generator g)
    {
        // Smooth random images: 4x4 noise upsampled to 16x16, so samples resemble each other like real data.
        var low = randn(new long[] { n, 3, 4, 4 }, generator: g);
        return nn.functional.interpolate(low, new long[] { 16, 16 }, mode: InterpolationMode.Bilinear, align_corners: false).tanh();
    }

    [Fact]
    public void A_copy_of_the_training_set_is_flagged_and_fresh_samples_are_not()
    {
        var g = new Generator(9);
        var training = Images(600, g);
        var copies = training[..100] + randn(new long[] { 100, 3, 16, 16 }, generator: g) * 0.01;
        var copied = CopyCheck.Run(copies, training);
        Assert.Equal(1.0, copied.CopyFraction);
        Assert.Equal(Enumerable.Range(0, 100), copied.NearestIndex);
        Assert.True(copied.MedianRatio < 0.05);

        var fresh = CopyCheck.Run(Images(100, g), training);
        Assert.Equal(0.0, fresh.CopyFraction);
        Assert.InRange(fresh.MedianRatio, 0.6, 1.6);
    }

    [Fact]
    public void Features_can_replace_pixels()
    {
        var g = new Generator(10);
        var training = Images(200, g);
        // A feature map that ignores the second and third channels: copies of channel 0 only are still copies.
        Func<Tensor, Tensor> firstChannel = x => x[.., 0].flatten(1);
        var mixed = training[..20].clone();
        mixed[.., 1..] = Images(20, g)[.., 1..];
        Assert.Equal(1.0, CopyCheck.Run(mixed, training, firstChannel).CopyFraction);
        Assert.Equal(0.0, CopyCheck.Run(mixed, training).CopyFraction);
    }
}
