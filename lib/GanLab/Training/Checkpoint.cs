using System.Globalization;
using GanLab.Models;
using GanLab.Runtime;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// GanLab's checkpoint file: a header (step, batches seen, loss, model settings, trainer options, metadata, history as
/// JSON), then the state dicts the header's <see cref="NetworksKey"/> lists (G, D and, when the run keeps one, the
/// average of G), then both Adam states, the trainer's and torch's random states and the fixed noise. A weights-only
/// file (an export) stops after the state dicts. Written to a temporary file in the same folder and renamed over the
/// target, so an interrupted write never leaves a corrupt checkpoint. Notebooks that only need a trained generator
/// call <see cref="LoadGenerator"/>.
/// </summary>
public static class Checkpoint
{
    const string Magic = "GANLAB-CHECKPOINT";
    const int Version = 2;   // 2: the average of G (generator_ema) may follow D; version 1 files read the same otherwise

    /// <summary>The names of the state dicts a file can hold, as <see cref="NetworksKey"/> lists them.</summary>
    internal const string Generator = "generator", Discriminator = "discriminator", GeneratorEma = "generator_ema", Encoder = "encoder";

    /// <summary>Metadata key of a weights-only file (no optimiser or random states); its value is the stored precision, "float16" or "float32".</summary>
    public const string WeightsOnlyKey = "weights_only";

    /// <summary>
    /// Metadata key listing the state dicts a file holds, in order: "generator,discriminator" (with ",generator_ema" when a
    /// training run keeps the average of G), "generator" or "encoder". Files without it hold "generator,discriminator".
    /// </summary>
    public const string NetworksKey = "networks";

    /// <summary>Metadata key of an exported generator: "average" when it is the run's average of G (the default), "trained" when it is G's own weights.</summary>
    public const string GeneratorWeightsKey = "generator_weights";

    static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Reads a checkpoint's header: step, loss, model settings, options, metadata and history.</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        using var reader = Open(path);
        return WithSettings(ReadHeader(reader, path));
    }

    /// <summary>
    /// Loads a generator's weights from a checkpoint or an export into <paramref name="generator"/> (an encoder file's E
    /// too): the average of G when the training checkpoint keeps one (what samples come from), G's own weights with
    /// <paramref name="ema"/> false. Returns the header.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, or does not fit the model (names the tensor and both shapes).</exception>
    public static CheckpointInfo LoadGenerator(string path, nn.Module generator, bool ema = true)
    {
        using var reader = Open(path);
        var info = WithSettings(ReadHeader(reader, path));
        var networks = Networks(info);
        int index = ema && networks.Contains(GeneratorEma) ? Array.IndexOf(networks, GeneratorEma) : 0;
        for (int i = 0; i < index; i++) SkipStateDict(reader);
        StateDictFile.Read(reader, generator, $"the {(networks[index] == GeneratorEma ? "average of the generator" : networks[index])} ({path})");
        return info;
    }

    /// <summary>Loads only the discriminator's weights (after skipping the generator's); returns the header.</summary>
    public static CheckpointInfo LoadDiscriminator(string path, nn.Module discriminator)
    {
        using var reader = Open(path);
        var info = WithSettings(ReadHeader(reader, path));
        var networks = Networks(info);
        int index = Array.IndexOf(networks, Discriminator);
        if (index < 0)
            throw new InvalidDataException($"{path} holds {string.Join(",", networks)} only (exported with --generator-only): it has no discriminator to load.");
        for (int i = 0; i < index; i++) SkipStateDict(reader);
        StateDictFile.Read(reader, discriminator, $"the discriminator ({path})");
        return info;
    }

    /// <summary>Writes to <paramref name="path"/> through a temporary file and a rename (atomic on one file system).</summary>
    public static void WriteAtomically(string path, Action<BinaryWriter> write) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            write(writer);
            writer.Flush();
        });

    /// <summary>
    /// Writes a weights-only file: the header (no history) and each module's state dict, in this format, so
    /// <see cref="LoadGenerator"/> and <see cref="LoadDiscriminator"/> read it. <paramref name="model"/> records the sizes
    /// the modules were built from; <paramref name="networks"/> names the modules in order ("encoder", or
    /// "generator,discriminator"); <paramref name="half"/> stores float32 as float16.
    /// </summary>
    public static void SaveWeights(string path, long step, string loss, ModelSettings model, IReadOnlyDictionary<string, string> metadata,
        string networks, bool half, params nn.Module[] modules)
    {
        using var scope = NewDisposeScope();
        var states = modules.Select(m => m.state_dict().Select(kv => (kv.Key, kv.Value)).ToList()).ToList();
        WriteWeights(path, new CheckpointInfo(step, 0, loss, new Dictionary<string, string>(metadata), new List<TrainingStep>(), model), networks, half, states);
    }

    /// <summary>
    /// Writes the networks of the checkpoint at <paramref name="checkpointPath"/> (G and D, or an encoder's E) to a
    /// weights-only file at <paramref name="outPath"/>, float32 stored as float16 unless <paramref name="half"/> is false:
    /// about a sixth of a training checkpoint, which also carries both Adam states and the history. The generator written
    /// is the run's average of G when it kept one (what its samples came from), G's own weights with
    /// <paramref name="rawGenerator"/>. With <paramref name="generatorOnly"/>, G alone (for sampling and measuring;
    /// <see cref="LoadDiscriminator"/> then refuses the file by name). Returns its header.
    /// </summary>
    public static CheckpointInfo ExportWeights(string checkpointPath, string outPath, bool half = true, bool generatorOnly = false, bool rawGenerator = false)
    {
        using var reader = Open(checkpointPath);
        var info = ReadHeader(reader, checkpointPath);
        var networks = Networks(info);
        if (generatorOnly && networks[0] != Generator)
            throw new InvalidDataException($"{checkpointPath} holds {string.Join(",", networks)}, not a generator: export it without the generator-only option.");
        using var scope = NewDisposeScope();
        var stored = networks.Zip(networks.Select(_ => StateDictFile.ReadAll(reader))).ToDictionary(n => n.First, n => n.Second);
        var metadata = new Dictionary<string, string>(info.Metadata);
        var written = new List<string>();
        if (networks[0] == Encoder) written.Add(Encoder);
        else
        {
            bool average = !rawGenerator && stored.ContainsKey(GeneratorEma);
            if (average) stored[Generator] = stored[GeneratorEma];
            metadata[GeneratorWeightsKey] = average ? "average" : "trained";
            written.Add(Generator);
            if (!generatorOnly && stored.ContainsKey(Discriminator)) written.Add(Discriminator);
        }
        var states = written.Select(n => stored[n]).ToList();
        // Older checkpoints do not record the image channels; a DCGAN's D starts with a conv of weight (width, channels, 4, 4).
        if (!metadata.ContainsKey("channels") && written[^1] == Discriminator && states[^1].Count > 0 && states[^1][0].Value.dim() == 4)
            metadata["channels"] = states[^1][0].Value.shape[1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var exported = WithSettings(info with { BatchesSeen = 0, Metadata = metadata, History = new List<TrainingStep>() });
        WriteWeights(outPath, exported, string.Join(",", written), half, states);
        return exported;
    }

    static void WriteWeights(string path, CheckpointInfo info, string networks, bool half, List<List<(string, Tensor)>> states) => WriteAtomically(path, writer =>
    {
        info.Metadata[WeightsOnlyKey] = half ? "float16" : "float32";
        info.Metadata[NetworksKey] = networks;
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(JsonSerializer.Serialize(info, Json));
        foreach (var state in states) StateDictFile.WriteAll(writer, state, half);
    });

    internal static void Save<T>(GanTrainer<T> trainer, string path) => WriteAtomically(path, writer =>
    {
        writer.Write(Magic);
        writer.Write(Version);
        var networks = trainer.GEma is null ? new[] { Generator, Discriminator } : new[] { Generator, Discriminator, GeneratorEma };
        var metadata = new Dictionary<string, string>(trainer.Metadata) { [NetworksKey] = string.Join(",", networks) };
        var info = new CheckpointInfo(trainer.Step, trainer.BatchesSeen, trainer.Options.Loss.Name, metadata, trainer.HistoryList,
            trainer.ModelSettings, trainer.Options);
        writer.Write(JsonSerializer.Serialize(info, Json));
        StateDictFile.Write(writer, trainer.G);
        StateDictFile.Write(writer, trainer.D);
        if (trainer.GEma is { } average) StateDictFile.Write(writer, average);
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
        var info = WithSettings(ReadHeader(reader, path));
        if (info.Metadata.ContainsKey(WeightsOnlyKey))
            throw new InvalidDataException($"{path} holds weights only (an export, for loading a trained model); training cannot resume from it. Resume from the run's checkpoint.ganlab.");
        if (info.Loss != trainer.Options.Loss.Name)
            throw new InvalidDataException($"Checkpoint {path} was trained with the '{info.Loss}' loss; this trainer uses '{trainer.Options.Loss.Name}'.");
        bool average = Networks(info).Contains(GeneratorEma);
        if (average != trainer.GEma is not null)
            throw new InvalidDataException(average
                ? $"Checkpoint {path} keeps an average of G; this trainer keeps none. Make it with the checkpoint's Options.Ema (Checkpoint.ReadInfo(path).Options)."
                : $"Checkpoint {path} keeps no average of G; this trainer keeps one. Make it without Options.Ema to resume this run.");
        StateDictFile.Read(reader, trainer.G, $"the generator ({path})");
        StateDictFile.Read(reader, trainer.D, $"the discriminator ({path})");
        if (trainer.GEma is { } ema) StateDictFile.Read(reader, ema, $"the average of the generator ({path})");
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
            if (version is < 1 or > Version) throw new InvalidDataException($"{path} is a version {version} checkpoint; this GanLab reads versions 1 to {Version}.");
            return JsonSerializer.Deserialize<CheckpointInfo>(reader.ReadString(), Json) ?? throw new InvalidDataException($"{path} has an empty header.");
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException and not FileNotFoundException)
        {
            throw new InvalidDataException($"{path} is not a readable GanLab checkpoint ({e.Message}).", e);
        }
    }

    /// <summary>
    /// The header with its model settings: a file written before the typed settings kept them as metadata strings
    /// (model, size, latent, width, maxwidth, hidden, layers, channels); they are read into the record here.
    /// </summary>
    static CheckpointInfo WithSettings(CheckpointInfo info)
    {
        if (info.Model is not null) return info;
        var m = info.Metadata;
        int? Int(string key) => m.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out int n) ? n : null;
        int channels = Int("channels") ?? 3;
        ModelSettings? model = (m.GetValueOrDefault("model"), Int("size"), Int("latent"), Int("width")) switch
        {
            ("dcgan" or "encoder", int size, int latent, int width) => new DcganSettings { ImageSize = size, Latent = latent, Width = width, Channels = channels },
            ("msggan", int size, int latent, int width) when Int("maxwidth") is int maxWidth =>
                new MsgGanSettings { ImageSize = size, Latent = latent, Width = width, MaxWidth = maxWidth, Channels = channels },
            ("toy2d", _, int latent, _) when Int("hidden") is int hidden && Int("layers") is int layers => new Toy2dSettings { Latent = latent, Hidden = hidden, Layers = layers },
            _ => null,
        };
        return info with { Model = model };
    }

    /// <summary>The state dicts the file holds, in order.</summary>
    static string[] Networks(CheckpointInfo info) => info.Metadata.GetValueOrDefault(NetworksKey, $"{Generator},{Discriminator}").Split(',');

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
