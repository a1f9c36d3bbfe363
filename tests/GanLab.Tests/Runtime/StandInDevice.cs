using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Runtime;

/// <summary>
/// A second device on a CPU-only machine, for checking that code keeps every tensor on its models' device, as a GPU
/// requires: libtorch's "lazy" device with its TorchScript backend. It runs every operator (on the CPU, traced and
/// compiled) and refuses to mix its tensors with CPU tensors ("Input tensor is not a lazy tensor: CPUFloatType"), as
/// <c>cuda</c> refuses ("Expected all tensors to be on the same device"); like <c>cuda</c>, it accepts a 0-dimensional
/// CPU tensor as a scalar. It does not check random generators (its random operators run on the CPU): the source check
/// in DeviceCheckTests does.
/// <para>
/// Why not <c>meta</c>: measured with libtorch 2.10, <c>meta</c> has no kernel for convolutions, batch norm,
/// BCE-with-logits, index_select, isfinite, flip, std or cdist (PyTorch registers those in Python), so a DCGAN cannot
/// even run forward there. The lazy backend is started by <c>torch::lazy::InitTorchScriptBackend()</c>, exported by
/// libtorch_cpu but not wrapped by TorchSharp, hence the call by its (Itanium C++ ABI) symbol name.
/// </para>
/// <para>
/// Keep runs short (a step or two): without PyTorch's <c>mark_step</c>, which TorchSharp does not expose, the traced
/// graph of parameters updated in place grows with every optimizer step.
/// </para>
/// </summary>
static class StandInDevice
{
    /// <summary>
    /// Environment variable that replaces the stand-in with a real device (cuda, cuda:1) on a GPU machine, so the same
    /// checks run on the GPU, generators included (.ci/gpu-check sets it).
    /// </summary>
    public const string Variable = "GANLAB_TEST_DEVICE";


    const string InitSymbol = "_ZN5torch4lazy22InitTorchScriptBackendEv";
    const DeviceType LazyType = (DeviceType)17;   // c10::DeviceType::Lazy; TorchSharp's enum stops at META (14)

    static readonly Lazy<Device> Instance = new(Start);

    /// <summary>The lazy device, started on first use.</summary>
    public static Device Device => Instance.Value;

    /// <summary>True when <paramref name="e"/> is the refusal to mix a stand-in tensor with a CPU tensor.</summary>
    public static bool IsMixedDeviceError(Exception e) =>
        e.Message.Contains("is not a lazy tensor", StringComparison.Ordinal) || e.Message.Contains("same device", StringComparison.Ordinal);

    static Device Start()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } real)
        {
            torch.ones(1).Dispose();   // torch is loaded, by TorchRuntime
            return torch.device(real);
        }
        string library = OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("The stand-in device calls libtorch by its Itanium C++ symbol name; run this check on Linux or macOS.");
        torch.ones(1).Dispose();   // torch is loaded (by TorchRuntime, with the Debian fix where needed)
        var handle = NativeLibrary.Load(library);   // the copy already in the process (same soname)
        if (!NativeLibrary.TryGetExport(handle, InitSymbol, out var init))
            throw new InvalidOperationException($"{library} does not export {InitSymbol} (torch::lazy::InitTorchScriptBackend): " +
                "this libtorch was built without the lazy TorchScript backend, so the GPU stand-in cannot start.");
        // Numbers in expressions (10 * penalty, 1 - alpha) become typed constants, as CUDA treats them (wrapped numbers).
        // Without this the lazy backend makes them float64 device data, and a WGAN-GP step fails with "expected m1 and m2
        // to have the same dtype" (measured), an error no real device gives.
        SetFlag(handle, "FLAGS_torch_lazy_handle_special_scalars");
        SetFlag(handle, "FLAGS_torch_lazy_all_numbers_special_scalars");
        Marshal.GetDelegateForFunctionPointer<Action>(init)();
        return torch.device(LazyType, 0);
    }

    static void SetFlag(IntPtr library, string name)
    {
        if (!NativeLibrary.TryGetExport(library, name, out var flag))
            throw new InvalidOperationException($"libtorch_cpu does not export {name}: this libtorch's lazy backend differs from the one the stand-in was written for.");
        Marshal.WriteByte(flag, 1);
    }
}
