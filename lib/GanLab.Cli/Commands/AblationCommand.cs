using System.CommandLine;

namespace GanLab.Cli.Commands;

/// <summary><c>ganlab ablation msggan ...</c>: measured ablations behind the course's claims (not part of the course run).</summary>
public sealed class AblationCommand : Command
{
    public AblationCommand(CommonOptions common) : base("ablation", "Measured ablations behind the course's claims (long runs; not part of the course)")
    {
        Subcommands.Add(new MsgGanAblationCommand(common));
    }
}
