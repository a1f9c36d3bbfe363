using GanLab.Runtime;

namespace GanLab.Cli;

/// <summary>A command line: the command, its positional arguments, and options (--name value, --flag, -p Name=Value).</summary>
public sealed class CliArgs
{
    readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    /// <summary>Options that take no value.</summary>
    static readonly HashSet<string> FlagNames = new(StringComparer.Ordinal)
    {
        "--quick", "--verbose", "--smoke", "--html", "--allow-errors", "--overwrite", "--resume", "--help",
        "--float32", "--flip", "--generator-only", "--user",
    };

    public string Command { get; private init; } = "";
    public List<string> Positional { get; } = new();
    public bool Verbose => Has("--verbose");

    public static CliArgs Parse(string[] args)
    {
        var cli = new CliArgs { Command = args.Length > 0 ? args[0] : "" };
        for (int i = 1; i < args.Length; i++)
        {
            string a = args[i];
            if (FlagNames.Contains(a)) cli._flags.Add(a);
            else if (a.StartsWith('-') && a.Length > 1 && !double.TryParse(a, out _))
            {
                // An option's value never looks like another option: "--flip --size 32" with --flip unknown as a flag
                // would otherwise take "--size" as its value and drop the size unseen.
                if (i + 1 >= args.Length || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                    throw new CliException($"Option {a} needs a value{(i + 1 < args.Length ? $", not the option {args[i + 1]}" : "")}.");
                if (!cli._options.TryGetValue(a, out var list)) cli._options[a] = list = new List<string>();
                list.Add(args[++i]);
            }
            else cli.Positional.Add(a);
        }
        return cli;
    }

    /// <summary>Whether a flag was given. A flag must be listed in <see cref="FlagNames"/>: an unlisted one would be parsed
    /// as an option and swallow the next argument, so asking for it is a programming error, caught by the first test.</summary>
    public bool Has(string flag) => FlagNames.Contains(flag)
        ? _flags.Contains(flag)
        : throw new InvalidOperationException($"{flag} is not in CliArgs.FlagNames: add it there, or it takes the next argument as its value.");

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _options.TryGetValue(name, out var v) ? v : Array.Empty<string>();

    public int GetInt(string name, int fallback)
    {
        string? text = Get(name);
        if (text is null) return fallback;
        return int.TryParse(text, out int value) ? value : throw new CliException($"Option {name} expects a whole number, got '{text}'.");
    }

    /// <summary>Sets torch up from --device, --threads and --seed.</summary>
    public TorchRuntime InitRuntime(bool quiet = false) =>
        TorchRuntime.Init(Get("--device"), Get("--threads") is null ? null : GetInt("--threads", 0), GetInt("--seed", 0), quiet);
}

/// <summary>A usage error: the message says what was wrong with the command line.</summary>
public sealed class CliException(string message) : Exception(message);
