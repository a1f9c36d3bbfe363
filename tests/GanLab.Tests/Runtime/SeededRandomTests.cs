using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Runtime;

public class SeededRandomTests
{
    public SeededRandomTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Draws_on_the_cpu_generator_and_lands_on_the_device_asked_for_with_the_same_numbers()
    {
        var device = StandInDevice.Device;
        using var a = new torch.Generator(5);
        using var b = new torch.Generator(5);
        using var onCpu = SeededRandom.Randn(new long[] { 3, 4 }, a, torch.CPU);
        using var onDevice = SeededRandom.Randn(new long[] { 3, 4 }, b, device);
        Assert.Equal(DeviceType.CPU, onCpu.device_type);
        Assert.Equal(device.type, onDevice.device_type);
        Assert.Equal(onCpu.data<float>().ToArray(), onDevice.cpu().data<float>().ToArray());
        // the generators advanced alike, so a checkpoint's saved noise state is the same whichever device drew
        Assert.Equal(a.get_state().data<byte>().ToArray(), b.get_state().data<byte>().ToArray());

        using var order = SeededRandom.Randperm(10, a, device);
        Assert.Equal(ScalarType.Int64, order.dtype);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), order.cpu().data<long>().ToArray().Order());
        using var uniform = SeededRandom.Rand(new long[] { 1000 }, a, device);
        Assert.InRange(uniform.cpu().min().item<float>(), 0f, 1f);
        Assert.InRange(uniform.cpu().mean().item<float>(), 0.45f, 0.55f);
    }

    [Fact]
    public void Same_seed_same_numbers_as_drawing_directly_on_the_cpu()
    {
        using var g = new torch.Generator(11);
        using var expected = randn(new long[] { 5 }, generator: new torch.Generator(11));
        using var drawn = SeededRandom.Randn(new long[] { 5 }, g, torch.CPU);
        Assert.Equal(expected.data<float>().ToArray(), drawn.data<float>().ToArray());
    }
}
