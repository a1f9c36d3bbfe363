using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// Reads and writes a module's state dict (parameters and buffers, by PyTorch name) in GanLab's checkpoint format:
/// per tensor its name, dtype, shape and raw bytes. Loading checks every name and shape first and names the
/// first tensor that does not fit, with both shapes, before anything is changed.
/// </summary>
public static class StateDictFile
{
    /// <summary>Writes <paramref name="module"/>'s state dict.</summary>
    public static void Write(BinaryWriter writer, nn.Module module)
    {
        var state = module.state_dict();
        writer.Write(state.Count);
        foreach (var (name, t) in state)
        {
            writer.Write(name);
            WriteTensor(writer, t);
        }
    }

    /// <summary>Reads a state dict into <paramref name="module"/>; <paramref name="what"/> names it in errors ("the generator").</summary>
    /// <exception cref="InvalidDataException">A tensor is missing, extra, or has another shape or type.</exception>
    public static void Read(BinaryReader reader, nn.Module module, string what)
    {
        var target = module.state_dict();
        int count = reader.ReadInt32();
        var loaded = new List<(string Name, Tensor Value)>();
        using var scope = NewDisposeScope();
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            var value = ReadTensor(reader);
            if (!target.TryGetValue(name, out var t))
                throw new InvalidDataException($"The checkpoint does not fit {what}: tensor '{name}' (shape {Shape(value)}) is in the checkpoint but not in the model.");
            if (!t.shape.SequenceEqual(value.shape))
                throw new InvalidDataException($"The checkpoint does not fit {what}: tensor '{name}' has shape {Shape(value)} in the checkpoint but {Shape(t)} in the model.");
            if (t.dtype == ScalarType.Float32 && value.dtype == ScalarType.Float16) value = value.to(ScalarType.Float32);   // a half-precision pretrained file
            if (t.dtype != value.dtype)
                throw new InvalidDataException($"The checkpoint does not fit {what}: tensor '{name}' is {value.dtype} in the checkpoint but {t.dtype} in the model.");
            loaded.Add((name, value));
        }
        var missing = target.Keys.Except(loaded.Select(l => l.Name)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"The checkpoint does not fit {what}: tensor '{missing[0]}' (shape {Shape(target[missing[0]])}) is in the model but not in the checkpoint" +
                (missing.Count > 1 ? $" (and {missing.Count - 1} more)." : "."));
        using var _ = no_grad();
        foreach (var (name, value) in loaded) target[name].copy_(value);
    }

    /// <summary>Reads one state dict as it is stored: (name, tensor) pairs, in order, owned by the caller's dispose scope.</summary>
    internal static List<(string Name, Tensor Value)> ReadAll(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        var state = new List<(string, Tensor)>(count);
        for (int i = 0; i < count; i++) state.Add((reader.ReadString(), ReadTensor(reader)));
        return state;
    }

    /// <summary>Writes (name, tensor) pairs as a state dict; with <paramref name="half"/>, float32 tensors are stored as float16.</summary>
    internal static void WriteAll(BinaryWriter writer, IReadOnlyList<(string Name, Tensor Value)> state, bool half)
    {
        writer.Write(state.Count);
        foreach (var (name, t) in state)
        {
            writer.Write(name);
            using var stored = half && t.dtype == ScalarType.Float32 ? t.to(ScalarType.Float16) : t.alias();
            WriteTensor(writer, stored);
        }
    }

    internal static void WriteTensor(BinaryWriter writer, Tensor t)
    {
        writer.Write((int)t.dtype);
        writer.Write(t.dim());
        foreach (long d in t.shape) writer.Write(d);
        using var cpu = t.detach().cpu().contiguous();
        var bytes = cpu.bytes;
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    internal static Tensor ReadTensor(BinaryReader reader)
    {
        var dtype = (ScalarType)reader.ReadInt32();
        long dims = reader.ReadInt64();
        var shape = new long[dims];
        for (int i = 0; i < dims; i++) shape[i] = reader.ReadInt64();
        int length = reader.ReadInt32();
        var data = reader.ReadBytes(length);
        if (data.Length != length) throw new EndOfStreamException("The checkpoint ends in the middle of a tensor (truncated file).");
        var t = empty(shape, dtype);
        t.bytes = data;
        return t;
    }

    internal static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
