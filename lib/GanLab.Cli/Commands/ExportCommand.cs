using System.CommandLine;
using GanLab.Training;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab export --in DIR/checkpoint.ganlab --out FILE [--float32] [--generator-only]</c>: writes the checkpoint's
/// networks only (G and D, G alone with --generator-only, or an encoder's E) with the model settings, float32 stored as
/// float16, to a file that <see cref="Pretrained"/> and <see cref="Checkpoint.LoadGenerator"/> read. This is how
/// data/pretrained/ is made.
/// </summary>
public sealed class ExportCommand : Command
{
    readonly CommonOptions _common;
    readonly Option<string> _in = new("--in") { Description = "The run's checkpoint (DIR/checkpoint.ganlab)", HelpName = "CHECKPOINT", Required = true };
    readonly Option<string> _out = new("--out") { Description = "The weights-only file to write", HelpName = "FILE", Required = true };
    readonly Option<bool> _float32 = new("--float32") { Description = "Keep float32 weights (default: stored as float16, about half the size)" };
    readonly Option<bool> _generatorOnly = new("--generator-only") { Description = "Write G alone (what a notebook that only samples needs)" };
    readonly Option<bool> _rawGenerator = new("--raw-generator") { Description = "Write G's own weights, not the run's average of them (the default when the run kept one: what its samples came from)" };

    public ExportCommand(CommonOptions common) : base("export", "Write a checkpoint's networks only, with the model settings: how data/pretrained/ is made")
    {
        _common = common;
        Options.Add(_in);
        Options.Add(_out);
        Options.Add(_float32);
        Options.Add(_generatorOnly);
        Options.Add(_rawGenerator);
        SetAction(Run);
    }

    int Run(ParseResult parse)
    {
        string input = parse.GetRequiredValue(_in), output = parse.GetRequiredValue(_out);
        if (!File.Exists(input)) throw new CliException($"export: no checkpoint at {input}.");
        if (Path.GetFullPath(input) == Path.GetFullPath(output)) throw new CliException("export: --out must differ from --in (the checkpoint is kept for resuming).");
        _common.InitRuntime(parse, quiet: true);
        try
        {
            var info = Checkpoint.ExportWeights(input, output, half: !parse.GetValue(_float32), generatorOnly: parse.GetValue(_generatorOnly),
                rawGenerator: parse.GetValue(_rawGenerator));
            Console.WriteLine($"wrote {output}: {info.Model?.ToString() ?? "a model of unrecorded sizes"} on {info.Metadata.GetValueOrDefault("data", "?")} at step {info.Step} " +
                              $"({info.Metadata[Checkpoint.NetworksKey]}{(info.Metadata.TryGetValue(Checkpoint.GeneratorWeightsKey, out var g) ? $", generator: {g} weights" : "")}, " +
                              $"{info.Metadata[Checkpoint.WeightsOnlyKey]}), {new FileInfo(output).Length / 1024} KiB");
            return 0;
        }
        catch (InvalidDataException e)
        {
            throw new CliException(e.Message);
        }
    }
}
