namespace GanLab.Cli;

/// <summary>A usage error: the message says what was wrong with the command line and what to give instead (exit code 2).</summary>
public sealed class CliException(string message) : Exception(message);
