using System.CommandLine;
using GanLab.Runtime;

namespace GanLab.Cli;

/// <summary>
/// The options every command takes (recursive on the root command): where torch runs, how many threads, the seed,
/// and whether errors show full traces. A command that needs torch calls <see cref="InitRuntime"/>.
/// </summary>
public sealed class CommonOptions
{
    /// <summary><c>--device</c>: auto, cpu, cuda or cuda:N.</summary>
    public Option<string?> Device { get; } = new("--device")
    {
        Description = $"Where torch runs: auto, cpu, cuda or cuda:N [default: ${TorchRuntime.DeviceVariable}, else auto]",
        HelpName = "DEVICE",
        Recursive = true,
    };

    /// <summary><c>--threads</c>: torch's intra-op threads.</summary>
    public Option<int?> Threads { get; } = Recursive(NumberOption.Int("--threads", $"Torch's CPU threads [default: ${TorchRuntime.ThreadsVariable}, else one per core]"));

    /// <summary><c>--seed</c>: the run's seed; each command says its default.</summary>
    public Option<int?> Seed { get; } = Recursive(NumberOption.Int("--seed", "The seed: same seed, same machine, same numbers [default: 0; classifier: 1]"));

    /// <summary><c>--verbose</c>: full traces on errors.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show full traces on errors (TorchSharp's loader trace when torch cannot load)",
        Recursive = true,
    };

    static Option<T> Recursive<T>(Option<T> option)
    {
        option.Recursive = true;
        return option;
    }

    /// <summary>The four options, to add to the root command.</summary>
    public IEnumerable<Option> All => new Option[] { Device, Threads, Seed, Verbose };

    /// <summary>The seed given, or <paramref name="fallback"/>.</summary>
    public int SeedOr(ParseResult parse, int fallback) => parse.GetValue(Seed) ?? fallback;

    /// <summary>Sets torch up from --device, --threads and --seed.</summary>
    public TorchRuntime InitRuntime(ParseResult parse, bool quiet = false, int? seed = null) =>
        TorchRuntime.Init(parse.GetValue(Device), parse.GetValue(Threads), seed ?? SeedOr(parse, 0), quiet);
}
