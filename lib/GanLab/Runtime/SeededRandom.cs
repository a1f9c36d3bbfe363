using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Runtime;

/// <summary>
/// Seeded random tensors on any device: drawn on the CPU from a <see cref="torch.Generator"/>, then moved to the device,
/// as PyTorch code writes <c>torch.randn(size, generator=g).to(device)</c>.
/// <para>
/// Why not a generator on the device: TorchSharp 0.107 ignores the device of <c>new torch.Generator(seed, device)</c>
/// and always makes a CPU generator (dotnet/TorchSharp#1194), so <c>torch.randn(size, device: cuda, generator: g)</c>
/// throws "Expected a 'cuda' device type for generator but found 'cpu'". Drawing on the CPU also gives the same numbers
/// for a seed on every device, and keeps a checkpoint's saved generator state valid wherever the run resumes.
/// </para>
/// </summary>
/// <example><code>
/// using var noise = new torch.Generator(1);
/// var z = SeededRandom.Randn(new long[] { 64, 100 }, noise, rt.Device);   // on the GPU, the same numbers as on the CPU
/// </code></example>
public static class SeededRandom
{
    /// <summary>Standard normal samples of shape <paramref name="size"/> (float32), drawn from <paramref name="generator"/>, on <paramref name="device"/>.</summary>
    public static Tensor Randn(long[] size, torch.Generator generator, Device device) =>
        OnDevice(randn(size, generator: generator), device);

    /// <summary>Uniform samples in [0, 1) of shape <paramref name="size"/> (float32), drawn from <paramref name="generator"/>, on <paramref name="device"/>.</summary>
    public static Tensor Rand(long[] size, torch.Generator generator, Device device) =>
        OnDevice(rand(size, generator: generator), device);

    /// <summary>A random order of 0..n-1 (int64), drawn from <paramref name="generator"/>, on <paramref name="device"/>.</summary>
    public static Tensor Randperm(long n, torch.Generator generator, Device device) =>
        OnDevice(randperm(n, generator: generator), device);

    static Tensor OnDevice(Tensor drawn, Device device) =>
        device.type == DeviceType.CPU ? drawn : drawn.to(device, disposeAfter: true);
}
