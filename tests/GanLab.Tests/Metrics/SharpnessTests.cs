using GanLab.Data;
using GanLab.Metrics;
using GanLab.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanLab.Tests.Metrics;

public class SharpnessTests
{
    public SharpnessTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    static Tensor Checkerboard(int size)
    {
        var i = arange(size).view(-1, 1);
        var j = arange(size).view(1, -1);
        return ((i + j) % 2 * 2 - 1).to(ScalarType.Float32).expand(3, size, size);
    }

    [Fact]
    public void A_flat_image_has_no_gradient_and_no_high_frequencies()
    {
        var flat = full(new long[] { 2, 3, 16, 16 }, 0.3f);
        Assert.Equal(0, Sharpness.MeanGradient(flat), 9);
        Assert.Equal(0, Sharpness.HighFrequencyEnergy(flat), 9);
    }

    [Fact]
    public void A_checkerboard_is_all_gradient_and_all_high_frequency()
    {
        var board = Checkerboard(16);   // (C, H, W) is accepted too
        // neighbours differ by 2 in x and in y: √(4 + 4)
        Assert.Equal(Math.Sqrt(8), Sharpness.MeanGradient(board), 6);
        // ±1 at the Nyquist frequency: all of its mean square (1) is high-frequency energy
        Assert.Equal(1, Sharpness.HighFrequencyEnergy(board), 6);
        // a constant offset adds energy at frequency 0 only
        Assert.Equal(1, Sharpness.HighFrequencyEnergy(board + 0.5), 6);
    }

    [Fact]
    public void Blurring_faces_lowers_both_numbers()
    {
        using var faces = Datasets.Faces(32, size: 32, seed: 3, cache: false);
        var blurred = avg_pool2d(faces.Images, 3, stride: 1, padding: 1, count_include_pad: false);
        Assert.True(Sharpness.MeanGradient(blurred) < 0.7 * Sharpness.MeanGradient(faces.Images));
        Assert.True(Sharpness.HighFrequencyEnergy(blurred) < 0.5 * Sharpness.HighFrequencyEnergy(faces.Images));
    }

    [Fact]
    public void Bad_shapes_and_cutoffs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Sharpness.MeanGradient(zeros(4, 4)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sharpness.HighFrequencyEnergy(zeros(1, 1, 8, 8), cutoff: 0));
    }
}
