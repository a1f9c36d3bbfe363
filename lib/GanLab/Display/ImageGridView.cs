using System.Net;
using GanLab.Imaging;
using static TorchSharp.torch;

namespace GanLab.Display;

/// <summary>
/// A captioned grid of images for notebooks: shows as a <c>&lt;figure&gt;</c> with the caption in
/// <c>&lt;figcaption&gt;</c> (text/html), or as the bare image (image/png). The PNG is made at construction, so
/// the tensors may be disposed afterwards. Make one with <see cref="Show.Grid"/> or <see cref="Show.Image"/>.
/// </summary>
[TypeFormatterSource(typeof(GanLabFormatterSource))]
public sealed class ImageGridView
{
    /// <summary>Small images are enlarged on screen (whole multiples, crisp pixels) up to about this width.</summary>
    const int DisplayWidth = 256;

    /// <summary>Tiles <paramref name="images"/> (N, C, H, W) or one (C, H, W), <paramref name="nrow"/> per row, values in <paramref name="range"/> (default [0, 1]).</summary>
    public ImageGridView(Tensor images, string caption, int nrow = 8, (float Min, float Max)? range = null, int padding = 2)
    {
        using var scope = NewDisposeScope();
        var batch = images.dim() == 4 ? images : images.dim() == 2 ? images.unsqueeze(0).unsqueeze(0) : images.unsqueeze(0);
        Count = (int)batch.shape[0];
        var grid = ImageGrid.Make(batch, nrow, Count == 1 ? 0 : padding, normalize: true, valueRange: range ?? ImageTensor.ZeroOne);
        (Height, Width) = ((int)grid.shape[1], (int)grid.shape[2]);
        Png = ImageTensor.EncodePng(grid);
        Caption = caption;
    }

    /// <summary>What the grid shows (epoch, seed, attribute, ...).</summary>
    public string Caption { get; }

    /// <summary>The grid as PNG bytes.</summary>
    public byte[] Png { get; }

    /// <summary>How many images the grid holds.</summary>
    public int Count { get; }

    /// <summary>The grid's width in pixels.</summary>
    public int Width { get; }

    /// <summary>The grid's height in pixels.</summary>
    public int Height { get; }

    /// <summary>Saves the grid as a PNG file.</summary>
    public void Save(string path) => File.WriteAllBytes(path, Png);

    /// <summary>A figure: the image inline (data URL, enlarged with crisp pixels when small) above its caption.</summary>
    public string ToHtml()
    {
        int scale = Math.Max(1, DisplayWidth / Math.Max(Width, 1));
        string caption = WebUtility.HtmlEncode(Caption);
        return $"<figure class=\"ganlab-grid\" style=\"display:inline-block;margin:0.5em 0\">" +
               $"<img src=\"data:image/png;base64,{Convert.ToBase64String(Png)}\" alt=\"{caption}\" width=\"{Width * scale}\" height=\"{Height * scale}\" style=\"image-rendering:pixelated\"/>" +
               $"<figcaption style=\"font-size:0.9em;color:#444;max-width:{Math.Max(Width * scale, 200)}px\">{caption}</figcaption></figure>";
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Caption} ({Count} image{(Count == 1 ? "" : "s")}, {Width}x{Height} px)";
}
