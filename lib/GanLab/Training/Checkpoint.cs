using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// GanLab's checkpoint file: a header (step, batches seen, loss, metadata, history as JSON), then G's and D's state
/// dicts, both Adam states, the trainer's and torch's random states and the fixed noise. Written to a temporary file
/// in the same folder and renamed over the target, so an interrupted write never leaves a corrupt checkpoint.
/// Notebooks that only need a trained generator call <see cref="LoadGenerator"/>.
/// </summary>
public static class Checkpoint
{
    const string Magic = "GANLAB-CHECKPOINT";
    const int Version = 1;

    static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Reads a checkpoint's header: step, loss, metadata and history.</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>Loads only the generator's weights from a checkpoint into <paramref name="generator"/>; returns the header.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, or does not fit the model (names the tensor and both shapes).</exception>
    public static CheckpointInfo LoadGenerator(string path, nn.Module generator)
    {
        using var reader = Open(path);
        var info = ReadHeader(reader, path);
        StateDictFile.Read(reader, generator, $"the generator ({path})");
        return info;
    }

    /// <summary>Loads only the discriminator's weights (after skipping the generator's); returns the header.</summary>
    public static CheckpointInfo LoadDiscriminator(string path, nn.Module discriminator)
    {
        using var reader = Open(path);
        var info = ReadHeader(reader, path);
        SkipStateDict(reader);
        StateDictFile.Read(reader, discriminator, $"the discriminator ({path})");
        return info;
    }

    /// <summary>Writes to <paramref name="path"/> through a temporary file and a rename (atomic on one file system).</summary>
    public static void WriteAtomically(string path, Action<BinaryWriter> write)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream))
            {
                write(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    internal static void Save<T>(GanTrainer<T> trainer, string path) => WriteAtomically(path, writer =>
    {
        writer.Write(Magic);
        writer.Write(Version);
        var info = new CheckpointInfo(trainer.Step, trainer.BatchesSeen, trainer.Options.Loss.Name, trainer.Metadata, trainer.HistoryList);
        writer.Write(JsonSerializer.Serialize(info, Json));
        StateDictFile.Write(writer, trainer.G);
        StateDictFile.Write(writer, trainer.D);
        WriteBlob(writer, trainer.OptimizerG.save_state_dict);
        WriteBlob(writer, trainer.OptimizerD.save_state_dict);
        using var scope = NewDisposeScope();
        StateDictFile.WriteTensor(writer, trainer.Noise.get_state());
        StateDictFile.WriteTensor(writer, get_rng_state());
        StateDictFile.WriteTensor(writer, trainer.FixedNoise);
    });

    internal static CheckpointInfo Load<T>(GanTrainer<T> trainer, string path)
    {
        using var reader = Open(path);
        var info = ReadHeader(reader, path);
        if (info.Loss != trainer.Options.Loss.Name)
            throw new InvalidDataException($"Checkpoint {path} was trained with the '{info.Loss}' loss; this trainer uses '{trainer.Options.Loss.Name}'.");
        StateDictFile.Read(reader, trainer.G, $"the generator ({path})");
        StateDictFile.Read(reader, trainer.D, $"the discriminator ({path})");
        ReadBlob(reader, trainer.OptimizerG.load_state_dict, $"G's optimiser ({path})");
        ReadBlob(reader, trainer.OptimizerD.load_state_dict, $"D's optimiser ({path})");
        using var scope = NewDisposeScope();
        trainer.Noise.set_state(StateDictFile.ReadTensor(reader));
        set_rng_state(StateDictFile.ReadTensor(reader));
        var fixedNoise = StateDictFile.ReadTensor(reader);
        if (!fixedNoise.shape.SequenceEqual(trainer.FixedNoise.shape))
            throw new InvalidDataException($"Checkpoint {path}: the fixed noise has shape {StateDictFile.Shape(fixedNoise)}, the trainer's {StateDictFile.Shape(trainer.FixedNoise)} (SnapshotCount or latent size differ).");
        using (no_grad()) trainer.FixedNoise.copy_(fixedNoise);
        return info;
    }

    static BinaryReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint at {Path.GetFullPath(path)}.", path);
        return new BinaryReader(File.OpenRead(path));
    }

    static CheckpointInfo ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (reader.ReadString() != Magic) throw new InvalidDataException($"{path} is not a GanLab checkpoint.");
            int version = reader.ReadInt32();
            if (version != Version) throw new InvalidDataException($"{path} is a version {version} checkpoint; this GanLab reads version {Version}.");
            return JsonSerializer.Deserialize<CheckpointInfo>(reader.ReadString(), Json) ?? throw new InvalidDataException($"{path} has an empty header.");
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException and not FileNotFoundException)
        {
            throw new InvalidDataException($"{path} is not a readable GanLab checkpoint ({e.Message}).", e);
        }
    }

    static void SkipStateDict(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        using var scope = NewDisposeScope();
        for (int i = 0; i < count; i++)
        {
            reader.ReadString();
            StateDictFile.ReadTensor(reader);
        }
    }

    static void WriteBlob(BinaryWriter writer, Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var inner = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) write(inner);
        writer.Write((int)buffer.Length);
        writer.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    static void ReadBlob(BinaryReader reader, Action<BinaryReader> read, string what)
    {
        int length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new InvalidDataException($"The checkpoint ends in the middle of {what} (truncated file).");
        using var inner = new BinaryReader(new MemoryStream(bytes));
        try { read(inner); }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"The checkpoint's state for {what} does not fit: {e.Message}", e);
        }
    }
}
