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
    }
}
