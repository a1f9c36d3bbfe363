using System.Text.Json;
using GanLab.Cli;
using GanLab.Cli.Commands;

namespace GanLab.Tests.Cli;

public class CliTests
{
    static (int Code, string Out) Capture(Func<int> run)
    {
        var before = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try { return (run(), writer.ToString()); }
        finally { Console.SetOut(before); }
    }

    [Fact]
    public void Check_prints_versions_device_threads_and_the_fix()
    {
        var (code, output) = Capture(() => CheckCommand.Run(CliArgs.Parse(new[] { "check", "--device", "cpu" })));
        Assert.Equal(0, code);
        Assert.Contains("TorchSharp     0.107.0", output);
        Assert.Contains("device         cpu", output);
        Assert.Contains("threads", output);
        Assert.Contains("Debian fix", output);
        Assert.Contains("ones(3).sum() = 3", output);
    }

    [Fact]
    public void Bench_quick_writes_the_dcgan_figure_as_json()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ganlab-bench-{Guid.NewGuid():N}.json");
        try
        {
            var (code, output) = Capture(() => BenchCommand.Run(CliArgs.Parse(new[] { "bench", "--quick", "--filter", "train.dcgan32", "--json", path })));
            Assert.Equal(0, code);
            Assert.Contains("train.dcgan32.img_per_s", output);
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var figure = json.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "train.dcgan32.img_per_s");
            Assert.Equal("img/s", figure.GetProperty("unit").GetString());
            Assert.True(figure.GetProperty("value").GetDouble() > 1);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Options_without_values_and_bad_numbers_are_usage_errors()
    {
        Assert.Contains("needs a value", Assert.Throws<CliException>(() => CliArgs.Parse(new[] { "bench", "--json" })).Message);
        Assert.Contains("whole number", Assert.Throws<CliException>(() => CliArgs.Parse(new[] { "check", "--seed", "x" }).GetInt("--seed", 0)).Message);
        Assert.Contains("not the option --size", Assert.Throws<CliException>(() => CliArgs.Parse(new[] { "train", "--count", "--size", "32" })).Message);
        Assert.Equal("-1", CliArgs.Parse(new[] { "train", "--seed", "-1" }).Get("--seed"));   // a negative number is a value
    }

    [Fact]
    public void Flags_take_no_value_and_leave_the_next_option_alone()
    {
        var cli = CliArgs.Parse(new[] { "train", "--flip", "--size", "16", "export", "--generator-only", "--float32" });
        Assert.True(cli.Has("--flip") && cli.Has("--generator-only") && cli.Has("--float32"));
        Assert.Equal("16", cli.Get("--size"));
    }
}
