using System.CommandLine;

namespace GanLab.Cli.Commands;

/// <summary><c>ganlab help [COMMAND]</c>: the overview, or one command's options (the same as <c>--help</c>).</summary>
public sealed class HelpCommand : Command
{
    readonly Argument<string[]> _command = new("COMMAND")
    {
        Description = "The command whose options to show (for example: train)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public HelpCommand() : base("help", "Show the overview, or a command's options")
    {
        Arguments.Add(_command);
        SetAction(parse => GanLabCommandLine.ShowHelp(parse.GetValue(_command) ?? []));
    }
}
