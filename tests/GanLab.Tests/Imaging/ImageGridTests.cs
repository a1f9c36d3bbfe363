using GanLab.Imaging;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Imaging;

public class ImageGridTests
{
    public ImageGridTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    [Fact]
    public void Grid_layout_matches_torchvision_make_grid()
    {
        // 5 images of 4x6, nrow 2, padding 2 → 3 rows x 2 columns: H = 3*(4+2)+2 = 20, W = 2*(6+2)+2 = 18.
        var images = torch.arange(1, 6, dtype: ScalarType.Float32).view(5, 1, 1, 1).expand(5, 3, 4, 6).contiguous().div(10);
        var grid = ImageGrid.Make(images, nrow: 2, padding: 2, padValue: 0.9f);
        Assert.Equal(new long[] { 3, 20, 18 }, grid.shape);
        // Image k sits at row k/2, column k%2, offset by the padding.
        for (int k = 0; k < 5; k++)
        {
            int y = k / 2 * 6 + 2, x = k % 2 * 8 + 2;
            Assert.Equal((k + 1) / 10f, grid[0, y, x].item<float>(), 6);
            Assert.Equal((k + 1) / 10f, grid[2, y + 3, x + 5].item<float>(), 6);
        }
        Assert.Equal(0.9f, grid[1, 0, 0].item<float>(), 6);      // border
        Assert.Equal(0.9f, grid[1, 14, 10].item<float>(), 6);    // the empty sixth cell
    }

    [Fact]
    public void Normalize_with_a_value_range_maps_it_to_zero_one()
    {
        var images = tensor(new[] { -1f, 0f, 1f, 3f }).view(4, 1, 1, 1);
        var grid = ImageGrid.Make(images, nrow: 4, padding: 0, normalize: true, valueRange: (-1f, 1f));
        Assert.Equal(new[] { 0f, 0.5f, 1f, 1f }, grid.view(-1).data<float>().ToArray());
    }

    [Fact]
    public void Normalize_per_image_or_per_batch()
    {
        var images = tensor(new[] { 0f, 2f, 10f, 20f }).view(2, 1, 1, 2);
        var batch = ImageGrid.Make(images, nrow: 2, padding: 0, normalize: true).view(-1).data<float>().ToArray();
        Assert.Equal(new[] { 0f, 0.1f, 0.5f, 1f }, batch);
        var each = ImageGrid.Make(images, nrow: 2, padding: 0, normalize: true, scaleEach: true).view(-1).data<float>().ToArray();
        Assert.Equal(new[] { 0f, 1f, 0f, 1f }, each);
    }

    [Fact]
    public void Save_writes_a_png_of_the_grid()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ganlab-grid-{Guid.NewGuid():N}.png");
        try
        {
            ImageGrid.Save(torch.rand(6, 3, 8, 8).mul(2).sub(1), path, nrow: 3, normalize: true, valueRange: ImageTensor.MinusOneOne);
            var back = ImageTensor.Load(path);
            Assert.Equal(new long[] { 3, 2 * 10 + 2, 3 * 10 + 2 }, back.shape);
        }
        finally { File.Delete(path); }
    }
}
