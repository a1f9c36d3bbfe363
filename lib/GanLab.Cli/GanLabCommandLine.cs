using System.CommandLine;
using System.CommandLine.Parsing;
using GanLab.Cli.Commands;
using GanLab.Runtime;

namespace GanLab.Cli;

/// <summary>
/// The <c>ganlab</c> command line (System.CommandLine): the command tree, parsing, and the exit codes.
/// To add a command, write a class deriving <see cref="Command"/> in Commands/ (options as fields, a description on the
/// command and on every option, <c>SetAction</c> returning the exit code) and add it in <see cref="Create"/>.
/// Exit codes: 0 done, 1 the work failed (a check, a notebook cell), 2 a usage error, 3 torch cannot load,
/// 4 training diverged, 124 a cell timed out, 130 interrupted.
/// </summary>
public static class GanLabCommandLine
{
    /// <summary>Exit code of a usage error.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code when torch cannot load or the device cannot be used.</summary>
    public const int RuntimeError = 3;

    /// <summary>The command tree: the common options on the root, one subcommand per command.</summary>
    public static RootCommand Create()
    {
        var common = new CommonOptions();
        var root = new RootCommand("ganlab: the GAN course's command line. Checks the set-up, benchmarks, trains and exports models, and runs the notebooks.\n" +
                                   "Exit codes: 0 done, 1 the work failed, 2 a usage error, 3 torch cannot load, 4 training diverged, 124 a cell timed out, 130 interrupted.")
        {
            HelpName = "ganlab",
        };
        foreach (var option in common.All) root.Options.Add(option);
        root.Subcommands.Add(new CheckCommand(common));
        root.Subcommands.Add(new BenchCommand(common));
        root.Subcommands.Add(new TrainCommand(common));
        root.Subcommands.Add(new ExportCommand(common));
        root.Subcommands.Add(new ClassifierCommand(common));
        root.Subcommands.Add(new RunCommand(common));
        root.Subcommands.Add(new KernelCommand());
        root.Subcommands.Add(new HelpCommand());
        root.Subcommands.Add(new ScoreCommand(common));
        root.Subcommands.Add(new AblationCommand(common));
        root.SetAction(_ => ShowHelp());   // ganlab with no command: the overview
        return root;
    }

    /// <summary>Parses a command line; a usage error throws <see cref="CliException"/> with the parser's message.</summary>
    public static ParseResult Parse(params string[] args)
    {
        var parse = Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
            throw new CliException(string.Join(Environment.NewLine, parse.Errors.Select(e => e.Message).Distinct()) +
                                   $"{Environment.NewLine}See '{HelpCommandLine(parse)}'.");
        return parse;
    }

    /// <summary>Parses and runs a command line; returns its exit code. Usage and torch errors are thrown, not printed (tests call this).</summary>
    public static int Invoke(params string[] args) =>
        Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });

    /// <summary>What <c>Main</c> runs: <see cref="Invoke"/>, with usage and torch errors printed as a cause and a remedy.</summary>
    public static int Run(string[] args)
    {
        try
        {
            return Invoke(args);
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"ganlab: {e.Message}");
            return UsageError;
        }
        catch (TorchRuntimeException e)
        {
            Console.Error.WriteLine($"ganlab: {e.Cause}");
            Console.Error.WriteLine($"What to do: {e.Remedy}");
            if (e.Details.Length > 0)
                Console.Error.WriteLine(args.Contains("--verbose") ? e.Details : "(Run with --verbose for TorchSharp's loader trace.)");
            return RuntimeError;
        }
    }

    /// <summary>Prints the help of a command (the overview when <paramref name="command"/> is empty) to standard output.</summary>
    internal static int ShowHelp(params string[] command) => Invoke([.. command, "--help"]);

    /// <summary>"ganlab train --help": where the parsed command's help is, for the pointer under a usage error.</summary>
    static string HelpCommandLine(ParseResult parse)
    {
        var names = new List<string> { "--help" };
        for (var result = parse.CommandResult; result.Parent is CommandResult parent; result = parent) names.Insert(0, result.Command.Name);
        return "ganlab " + string.Join(' ', names);
    }
}
