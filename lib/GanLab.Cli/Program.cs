using GanLab.Cli;
using GanLab.Cli.Commands;
using GanLab.Runtime;

// ganlab: the course's command line. Each command lives in Commands/; shared options in CliArgs.
CliArgs cli;
try { cli = CliArgs.Parse(args); }
catch (CliException e)
{
    Console.Error.WriteLine($"ganlab: {e.Message}");
    return 2;
}
try
{
    return cli.Command switch
    {
        "check" => CheckCommand.Run(cli),
        "bench" => BenchCommand.Run(cli),
        "train" => TrainCommand.Run(cli),
        "classifier" => ClassifierCommand.Run(cli),
        "run" => RunCommand.Run(cli),
        "export" => ExportCommand.Run(cli),
        "kernel" => KernelCommand.Run(cli),
        "help" or "--help" or "-h" or "" => Usage(0),
        _ => Usage(2, $"Unknown command '{cli.Command}'."),
    };
}
catch (TorchRuntimeException e)
{
    Console.Error.WriteLine($"ganlab: {e.Cause}");
    Console.Error.WriteLine($"What to do: {e.Remedy}");
    if (cli.Verbose && e.Details.Length > 0) Console.Error.WriteLine(e.Details);
    else if (e.Details.Length > 0) Console.Error.WriteLine("(Run with --verbose for TorchSharp's loader trace.)");
    return 3;
}
catch (CliException e)
{
    Console.Error.WriteLine($"ganlab: {e.Message}");
    return 2;
}

static int Usage(int code, string? error = null)
{
    if (error is not null) Console.Error.WriteLine($"ganlab: {error}");
    (code == 0 ? Console.Out : Console.Error).WriteLine("""
        usage: ganlab <command> [options]

        commands:
          check                       versions, device, threads, and whether the Debian libstdc++ fix was applied
          bench [--quick] [--json FILE] [--filter PREFIX]
                                      run the registered benchmarks and print a table (--json: [{name, value, unit}])
          train --model dcgan|msggan|toy2d --data faces|fashion-mnist|ring|grid|FOLDER --steps N --out DIR [--resume]
                [--size 32] [--batch N] [--latent N] [--width N] [--loss ns|minimax|hinge|wgan-gp|rahinge] [--lr X]
                [--snapshot-every N] [--checkpoint-every N] [--freeze-d-after N] [--d-steps N] [--count N] [--flip]
                                      train a GAN, writing DIR/checkpoint.ganlab, sample grids and history.csv
                                      (--data mixed: the unlabeled collection of Datasets.Mixed)
          train --model encoder --generator FILE --steps N --out DIR [--batch 64] [--lr 0.001] [--recon W]
                                      train an encoder E to invert the DCGAN generator in FILE (z → G(z) → E ≈ z)
          export --in DIR/checkpoint.ganlab --out FILE [--float32]
                                      write the networks only (float16) with their settings: what data/pretrained/ ships
          classifier --out FILE [--count 20000] [--epochs 6]
                                      train the procedural faces' feature classifier (FID features, mode counting)
          run <notebook|folder> [--out DIR] [--smoke] [-p Name=Value] [--html] [--allow-errors] [--timeout S] [--overwrite]
                                      run C# notebooks headless; write the executed notebooks (and the HTML book)
          kernel install [--user | --prefix DIR]
                                      register GanLab's C# Jupyter kernel ("C# (GanLab)") for VS Code, JupyterLab, Notebook
          kernel uninstall [--user | --prefix DIR]
                                      remove that kernelspec

        options for every command:
          --device auto|cpu|cuda|cuda:N   (or GANLAB_DEVICE)
          --threads N                     (or GANLAB_THREADS)
          --seed N                        (default 0)
          --verbose                       show full traces on errors
        """);
    return code;
}
