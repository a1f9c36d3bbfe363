using GanLab.Runtime;
using GanLab.Tests.Data;
using GanLab.Workshop;
using static TorchSharp.torch;

namespace GanLab.Tests.Workshop;

public class MachineSpeedTests : IDisposable
{
    readonly TempDir _cache = new();
    readonly string? _previousCache = Environment.GetEnvironmentVariable(MachineSpeed.FolderVariable);

    public MachineSpeedTests()
    {
        TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);
        Environment.SetEnvironmentVariable(MachineSpeed.FolderVariable, _cache.Path);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(MachineSpeed.FolderVariable, _previousCache);
        _cache.Dispose();
    }

    static MachineSpeed Figures(string machine) => new()
    {
        Machine = machine,
        DcganImagesPerSecond = 320, DcganNarrowImagesPerSecond = 1000, MsgGanImagesPerSecond = 66, ReverseClassifierImagesPerSecond = 1400,
        ToyStepsPerSecond = 160, ToyRunStepsPerSecond = 400, FacesPerSecond = 2900,
        MeasuredAt = new DateTime(2026, 12, 2, 6, 0, 0, DateTimeKind.Utc), MeasureSeconds = 6.5,
    };

    [Fact]
    public void Figures_are_remembered_per_machine_and_read_back()
    {
        Assert.Null(MachineSpeed.Remembered());
        string here = MachineSpeed.Describe(TorchRuntime.Current);
        var remembered = MachineSpeed.Remember(Figures(here));
        Assert.StartsWith(_cache.Path, remembered.RememberedIn);
        var read = MachineSpeed.Remembered();
        Assert.NotNull(read);
        Assert.Equal(remembered, read);
        Assert.Equal(0.2, read!.DcganSecondsPerStep(64), 12);

        // Figures of another set-up (another thread count, say) are not this machine's.
        File.WriteAllText(remembered.RememberedIn!, System.Text.Json.JsonSerializer.Serialize(Figures(here + " (other)")));
        Assert.Null(MachineSpeed.Remembered());
        File.WriteAllText(remembered.RememberedIn!, "{ not json");
        Assert.Null(MachineSpeed.Remembered());   // a damaged file is measured again, not an error
    }

    [Fact]
    public void Figures_live_in_the_speed_folder_of_the_cache_unless_GANLAB_SPEED_DIR_moves_them()
    {
        Assert.Equal(_cache.Path, MachineSpeed.Folder);
        using var cache = new TempDir();
        using var _ = new GanLab.Tests.Notebooks.EnvironmentVariables((MachineSpeed.FolderVariable, null), (GanLabCache.Variable, cache.Path));
        Assert.Equal(Path.Combine(cache.Path, "speed"), MachineSpeed.Folder);
        Assert.StartsWith(Path.Combine(cache.Path, "speed"), MachineSpeed.Remember(Figures(MachineSpeed.Describe(TorchRuntime.Current))).RememberedIn);
    }

    [Fact]
    public void Measuring_gives_positive_figures_and_leaves_torch_random_state_as_it_was()
    {
        TorchRuntime.Current.Reseed(11);
        var expected = rand(4).data<float>().ToArray();
        TorchRuntime.Current.Reseed(11);
        var speed = MachineSpeed.Measure(secondsEach: 0);
        Assert.Equal(expected, rand(4).data<float>().ToArray());
        Assert.All(new[] { speed.DcganImagesPerSecond, speed.DcganNarrowImagesPerSecond, speed.MsgGanImagesPerSecond, speed.ReverseClassifierImagesPerSecond, speed.ToyStepsPerSecond, speed.ToyRunStepsPerSecond, speed.FacesPerSecond },
            v => Assert.True(v > 0 && double.IsFinite(v), $"figure {v}"));
        Assert.True(speed.DcganNarrowImagesPerSecond > speed.DcganImagesPerSecond, speed.ToString());   // a quarter of the work
        Assert.Equal(MachineSpeed.Describe(TorchRuntime.Current), speed.Machine);
        Assert.Null(speed.RememberedIn);
    }
}
