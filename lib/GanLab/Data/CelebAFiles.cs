namespace GanLab.Data;

/// <summary>Parses CelebA's annotation files, naming the file and line of anything malformed.</summary>
internal static class CelebAFiles
{
    static readonly char[] Spaces = { ' ', '\t' };

    /// <summary>list_attr_celeba.txt: a count line, a header of attribute names, then "file v1 v2 ..." with -1/1 values.</summary>
    public static (string[] Names, string[] Files, sbyte[] Values) ReadAttributes(string path)
    {
        var lines = File.ReadAllLines(path);
        int last = lines.Length;
        while (last > 0 && string.IsNullOrWhiteSpace(lines[last - 1])) last--;
        if (last == 0) throw new DataFileException(path, 1, "is empty; expected the number of images on the first line.");
        if (!int.TryParse(lines[0].Trim(), out int count) || count < 0)
            throw new DataFileException(path, 1, $"expected the number of images, found '{Clip(lines[0])}'.");
        if (last < 2) throw new DataFileException(path, 2, "is missing the header line of attribute names.");
        var names = lines[1].Split(Spaces, StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new DataFileException(path, 2, "the header line names no attributes.");
        if (last - 2 != count)
            throw new DataFileException(path, 1, $"says {count} images but {last - 2} image lines follow the header{(last - 2 < count ? " (is the file truncated?)" : "")}.");
        var files = new string[count];
        var values = new sbyte[(long)count * names.Length];
        for (int i = 0; i < count; i++)
        {
            int lineNo = i + 3;
            var parts = lines[i + 2].Split(Spaces, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != names.Length + 1)
                throw new DataFileException(path, lineNo, $"expected an image name and {names.Length} values, found {parts.Length} fields: '{Clip(lines[i + 2])}'.");
            files[i] = parts[0];
            for (int j = 0; j < names.Length; j++)
            {
                values[(long)i * names.Length + j] = parts[j + 1] switch
                {
                    "1" => 1,
                    "-1" => -1,
                    _ => throw new DataFileException(path, lineNo, $"attribute {names[j]} of {parts[0]} is '{parts[j + 1]}'; expected -1 or 1."),
                };
            }
        }
        return (names, files, values);
    }

    /// <summary>list_eval_partition.txt: "file partition" with 0 train, 1 valid, 2 test.</summary>
    public static Dictionary<string, int> ReadPartition(string path)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split(Spaces, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || parts[1] is not ("0" or "1" or "2"))
                throw new DataFileException(path, lineNo, $"expected an image name and 0 (train), 1 (valid) or 2 (test), found '{Clip(line)}'.");
            result[parts[0]] = parts[1][0] - '0';
        }
        return result;
    }

    static string Clip(string line) => line.Length <= 80 ? line : line[..77] + "...";
}
