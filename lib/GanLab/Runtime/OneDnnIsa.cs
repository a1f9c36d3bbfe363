using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace GanLab.Runtime;

/// <summary>
/// Caps the instruction set of oneDNN (libtorch's CPU convolutions) on CPUs where its JIT kernels were seen to return
/// NaN gradients at random steps: AMD family 1Ah (Zen 5). Measured on a 2-core AMD EPYC (family 26) VM with libtorch
/// 2.10 / oneDNN 3.7.1: a DCGAN-32 step's first-conv weight gradient was NaN at a random step (1 to 17 of 40) in 7 of
/// 7 runs with oneDNN's default (AVX-512), AVX2 and, for MSG-GAN, AVX kernels, with 1 or 2 threads; capped at SSE4.1
/// every run finished (DCGAN 100 steps, notebook 5 in smoke mode, the test suite), about 15% slower per DCGAN step.
/// libtorch's own (ATen) kernels keep their full instruction set. The cap is <c>DNNL_MAX_CPU_ISA</c>, which oneDNN reads
/// once at its first primitive, so it is set before torch runs anything. A user's own <c>DNNL_MAX_CPU_ISA</c> wins;
/// <c>GANLAB_ONEDNN_CAP=0</c> turns the cap off.
/// </summary>
static class OneDnnIsa
{
    /// <summary>The variable oneDNN reads.</summary>
    public const string Variable = "DNNL_MAX_CPU_ISA";

    /// <summary>The environment variable that turns the cap off (0).</summary>
    public const string SwitchVariable = "GANLAB_ONEDNN_CAP";

    const string Cap = "SSE41";

    /// <summary>Sets the cap where this CPU needs it; returns a note for the runtime's summary, or null when nothing was done.</summary>
    public static string? Apply()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } own) return own == Cap ? $"oneDNN capped at {Cap}" : null;
        if (Environment.GetEnvironmentVariable(SwitchVariable) == "0" || !IsZen5()) return null;
        SetNativeVariable(Variable, Cap);
        return $"oneDNN capped at {Cap} (AMD Zen 5: its AVX kernels gave NaN gradients)";
    }

    /// <summary>AMD family 1Ah: CPUID leaf 1's base family 0xF plus extended family 0x0B.</summary>
    internal static bool IsZen5()
    {
        if (!X86Base.IsSupported) return false;
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        bool amd = ebx == 0x68747541 && edx == 0x69746e65 && ecx == 0x444d4163; // "AuthenticAMD"
        if (!amd) return false;
        int eax = X86Base.CpuId(1, 0).Eax;
        int family = ((eax >> 8) & 0xF) + ((eax >> 20) & 0xFF);
        return family == 0x1A;
    }

    /// <summary>Sets a variable that native code reads with getenv: .NET's own copy of the environment is not the C library's on Unix.</summary>
    static void SetNativeVariable(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows()) setenv(name, value, 1);
    }

    [DllImport("libc", SetLastError = true)]
    static extern int setenv(string name, string value, int overwrite);
}
