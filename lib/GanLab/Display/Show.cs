using static TorchSharp.torch;

namespace GanLab.Display;

/// <summary>
/// Shortcuts for notebooks: a cell that ends with <c>Show.Grid(fakes, "epoch 5, fixed noise", range: ImageTensor.MinusOneOne)</c>
/// shows a captioned grid; <c>display(Show.Image(x, "a real face"))</c> shows one image.
/// </summary>
public static class Show
{
    /// <summary>A captioned grid of a batch (N, C, H, W), <paramref name="nrow"/> images per row; values in <paramref name="range"/> (default [0, 1]).</summary>
    public static ImageGridView Grid(Tensor images, string caption, int nrow = 8, (float Min, float Max)? range = null) =>
        new(images, caption, nrow, range);

    /// <summary>One captioned image (C, H, W), (1, C, H, W) or (H, W); values in <paramref name="range"/> (default [0, 1]).</summary>
    public static ImageGridView Image(Tensor image, string caption, (float Min, float Max)? range = null) =>
        new(image.dim() == 4 ? image[0] : image, caption, 1, range, padding: 0);
}
