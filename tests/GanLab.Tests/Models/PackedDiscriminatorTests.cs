using GanLab.Models;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Models;

public class PackedDiscriminatorTests
{
    public PackedDiscriminatorTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Packs_consecutive_samples_along_the_channel_axis()
    {
        var x = arange(4 * 3 * 2 * 2, ScalarType.Float32).reshape(4, 3, 2, 2);
        var d = new PackedDiscriminator(new DcganDiscriminator(8, width: 4, channels: 6), pack: 2);
        var packed = d.Packed(x);
        Assert.Equal(new long[] { 2, 6, 2, 2 }, packed.shape);
        Assert.True(packed[1].allclose(cat(new[] { x[2], x[3] }, 0)));
        Assert.Equal(new long[] { 2 }, d.forward(rand(4, 3, 8, 8)).shape);
    }

    [Fact]
    public void Points_become_one_output_per_pack_and_odd_batches_are_refused()
    {
        var d = new PackedDiscriminator(new MlpDiscriminator(inputs: 6, hidden: 8), pack: 3);
        var points = randn(9, 2);
        Assert.Equal(new long[] { 3 }, d.forward(points).shape);
        Assert.True(d.Packed(points)[0].allclose(points[..3].flatten()));
        Assert.Throws<ArgumentException>(() => d.forward(randn(10, 2)));
        Assert.Equal(d.parameters().Count(), new MlpDiscriminator(inputs: 6, hidden: 8).parameters().Count());
    }
}
