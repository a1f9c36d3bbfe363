namespace GanLab.Data;

/// <summary>A data file that cannot be used as it is (wrong magic number, truncated, a malformed line, an empty folder); names the file and, where it applies, the line.</summary>
public sealed class DataFileException : IOException
{
    /// <summary>Makes the error; the message reads "path:line: problem" (or "path: problem" without a line).</summary>
    public DataFileException(string path, int? line, string problem, Exception? inner = null)
        : base($"{path}{(line is { } l ? $":{l}" : "")}: {problem}", inner)
    {
        FilePath = path;
        Line = line;
    }

    /// <summary>The file (or folder) at fault.</summary>
    public string FilePath { get; }
    /// <summary>The 1-based line at fault, or null when the problem is not on one line.</summary>
    public int? Line { get; }
}
