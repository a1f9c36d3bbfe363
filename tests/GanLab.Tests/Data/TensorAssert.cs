using static TorchSharp.torch;

namespace GanLab.Tests.Data;

/// <summary>Exact tensor comparisons for the data tests.</summary>
internal static class TensorAssert
{
    /// <summary>Same shape and every element equal.</summary>
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
