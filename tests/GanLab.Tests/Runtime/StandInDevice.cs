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
        string library = OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("The stand-in device calls libtorch by its Itanium C++ symbol name; run this check on Linux or macOS.");
        torch.ones(1).Dispose();   // torch is loaded (by TorchRuntime, with the Debian fix where needed)
        var handle = NativeLibrary.Load(library);   // the copy already in the process (same soname)
        if (!NativeLibrary.TryGetExport(handle, InitSymbol, out var init))
            throw new InvalidOperationException($"{library} does not export {InitSymbol} (torch::lazy::InitTorchScriptBackend): " +
                "this libtorch was built without the lazy TorchScript backend, so the GPU stand-in cannot start.");
        Marshal.GetDelegateForFunctionPointer<Action>(init)();
        return torch.device(LazyType, 0);
    }
}
