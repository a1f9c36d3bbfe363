namespace GanLab.Tests.Cli;

/// <summary>Runs a command line in-process with standard output captured (the CLI tests read what ganlab prints).</summary>
static class ConsoleCapture
{
    /// <summary>The exit code <paramref name="run"/> returns and what it wrote to standard output.</summary>
    public static (int Code, string Out) Capture(Func<int> run)
    {
        var before = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try { return (run(), writer.ToString()); }
        finally { Console.SetOut(before); }
    }
}
