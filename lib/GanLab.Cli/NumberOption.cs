using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace GanLab.Cli;

/// <summary>
/// Options that take a number, read with the invariant culture and refused in plain words
/// ("--steps expects a whole number, got 'ten'."). Null when the option is not given, so a command can tell
/// "not given" (the model's default applies) from a value.
/// </summary>
public static class NumberOption
{
    /// <summary>An option whose value is a whole number.</summary>
    public static Option<int?> Int(string name, string description, string helpName = "N") =>
        new(name) { Description = description, HelpName = helpName, CustomParser = r => Parse<int>(r, name, "a whole number", t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : null) };

    /// <summary>An option whose value is a whole number that may exceed int (a step count).</summary>
    public static Option<long?> Long(string name, string description, string helpName = "N") =>
        new(name) { Description = description, HelpName = helpName, CustomParser = r => Parse<long>(r, name, "a whole number", t => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null) };

    /// <summary>An option whose value is a number (0.0002, 2e-4).</summary>
    public static Option<double?> Double(string name, string description, string helpName = "X") =>
        new(name) { Description = description, HelpName = helpName, CustomParser = r => Parse<double>(r, name, "a number", t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x) ? x : null) };

    static T? Parse<T>(ArgumentResult result, string name, string what, Func<string, T?> parse) where T : struct
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (parse(text) is T value) return value;
        result.AddError($"{name} expects {what}, got '{text}'.");
        return null;
    }
}
