using System.Text.Json;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace GanLab.Kernel;

/// <summary>
/// The kernelspec that registers this kernel with Jupyter front ends (VS Code's Jupyter extension, JupyterLab,
/// Notebook): a folder named <see cref="CSharpKernel.Name"/> holding <c>kernel.json</c> and two logos.
/// </summary>
/// <remarks>
/// <c>kernel.json</c> launches the built kernel with the absolute path of <c>dotnet</c> (VS Code starts argv[0]
/// directly, with no PATH lookup) and sets <c>DOTNET_ROOT</c>; launching never builds anything.
/// <c>"interrupt_mode": "message"</c> makes front ends send interrupt_request instead of SIGINT.
/// </remarks>
public static class KernelSpec
{
    /// <summary>The name front ends show.</summary>
    public const string DisplayName = "C# (GanLab)";

    /// <summary>The kernelspec folder inside a Jupyter data folder: <c>DATA/kernels/ganlab-csharp</c>.</summary>
    public static string Folder(string jupyterDataFolder) => Path.Combine(jupyterDataFolder, "kernels", CSharpKernel.Name);

    /// <summary>
    /// The Jupyter data folder for one user, as Jupyter finds it: <c>$JUPYTER_DATA_DIR</c>, else
    /// <c>~/.local/share/jupyter</c> (Linux, or <c>$XDG_DATA_HOME/jupyter</c>), <c>~/Library/Jupyter</c> (macOS),
    /// <c>%APPDATA%\jupyter</c> (Windows).
    /// </summary>
    public static string UserDataFolder()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } dir) return dir;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows()) return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter");
        return Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? Path.Combine(xdg, "jupyter") : Path.Combine(home, ".local", "share", "jupyter");
    }

    /// <summary>The Jupyter data folder under an installation prefix: <c>PREFIX/share/jupyter</c> (found with JUPYTER_PATH, or as sys.prefix).</summary>
    public static string PrefixDataFolder(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter");

    /// <summary>The kernel.json that starts <paramref name="kernelDll"/> with <paramref name="dotnet"/>.</summary>
    public static JsonObject KernelJson(string dotnet, string kernelDll) => new()
    {
        ["argv"] = new JsonArray(dotnet, kernelDll, "-f", "{connection_file}"),
        ["display_name"] = DisplayName,
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["env"] = new JsonObject { ["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet) },
    };

    /// <summary>Writes the kernelspec into <paramref name="folder"/> (replacing an earlier one); returns the kernel.json path.</summary>
    public static string Write(string folder, string dotnet, string kernelDll)
    {
        Directory.CreateDirectory(folder);
        string json = Path.Combine(folder, "kernel.json");
        File.WriteAllText(json, KernelJson(dotnet, kernelDll).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        foreach (int size in new[] { 32, 64 })
            File.WriteAllBytes(Path.Combine(folder, $"logo-{size}x{size}.png"), Logo(size));
        return json;
    }

    /// <summary>"C#" drawn as pixel art in white on GanLab purple, with an orange bar (no font needed).</summary>
    public static byte[] Logo(int size)
    {
        string[] glyph =
        {
            "................",
            "................",
            "..####...#..#...",
            ".#....#.######..",
            ".#.......#..#...",
            ".#.......#..#...",
            ".#......######..",
            ".#....#..#..#...",
            "..####..........",
            "................",
            "................",
            "..############..",
            "..############..",
            "................",
            "................",
            "................",
        };
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        float cell = size / 16f;
        using var background = new SKPaint { Color = new SKColor(0x4b, 0x2e, 0x83), IsAntialias = true };
        canvas.DrawRoundRect(new SKRect(0, 0, size, size), 3 * cell, 3 * cell, background);
        using var white = new SKPaint { Color = SKColors.White };
        using var orange = new SKPaint { Color = new SKColor(0xf5, 0x9e, 0x0b) };
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
                if (glyph[y][x] == '#')
                    canvas.DrawRect(new SKRect(x * cell, (y + 2) * cell, (x + 1) * cell, (y + 3) * cell), y >= 11 ? orange : white);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
