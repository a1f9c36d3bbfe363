using GanLab.Training;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab export --in DIR/checkpoint.ganlab --out FILE [--float32] [--generator-only]</c>: writes the checkpoint's
/// networks only (G and D, G alone with --generator-only, or an encoder's E) with the model settings, float32 stored as
/// float16, to a file that <see cref="Pretrained"/> and <see cref="Checkpoint.LoadGenerator"/> read. This is how
/// data/pretrained/ is made.
/// </summary>
public static class ExportCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(CliArgs cli)
    {
        string input = cli.Get("--in") ?? throw new CliException("export needs --in CHECKPOINT (a run's checkpoint.ganlab).");
        string output = cli.Get("--out") ?? throw new CliException("export needs --out FILE (the weights-only file to write).");
        if (!File.Exists(input)) throw new CliException($"export: no checkpoint at {input}.");
        if (Path.GetFullPath(input) == Path.GetFullPath(output)) throw new CliException("export: --out must differ from --in (the checkpoint is kept for resuming).");
        cli.InitRuntime(quiet: true);
        try
        {
            var info = Checkpoint.ExportWeights(input, output, half: !cli.Has("--float32"), generatorOnly: cli.Has("--generator-only"));
            Console.WriteLine($"wrote {output}: {info.Metadata.GetValueOrDefault("model", "?")} on {info.Metadata.GetValueOrDefault("data", "?")} at step {info.Step} " +
                              $"({info.Metadata[Checkpoint.NetworksKey]}, {info.Metadata[Checkpoint.WeightsOnlyKey]}), {new FileInfo(output).Length / 1024} KiB");
            return 0;
        }
        catch (InvalidDataException e)
        {
            throw new CliException(e.Message);
        }
    }
}
