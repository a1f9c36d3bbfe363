using GanLab.Metrics;

namespace GanLab.Tests.Metrics;

public class AblationResultsTests : IDisposable
{
    readonly string _csv = Path.Combine(Path.GetTempPath(), $"ganlab-ablation-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_csv);

    static AblationResults.Row Row(string config, int seed, long step, string generator, double fd) =>
        new(config, seed, step, step * 64, step * 0.5, generator, fd, fd / 25, 100, 130, 0.3, 20);

    [Fact]
    public void Rows_round_trip_through_the_csv_and_notes_are_kept_apart()
    {
        var rows = new[] { Row("dcgan", 1, 250, "G", 1234.5), Row("msg", 2, 500, "ema-hl10000-r0.05", 2345.25) };
        File.WriteAllLines(_csv, new[] { AblationResults.Header, rows[0].ToCsv(), "# msg seed 2 diverged at step 600", rows[1].ToCsv(), "" });

        Assert.Equal(rows, AblationResults.Read(_csv));
        Assert.Equal(new[] { "# msg seed 2 diverged at step 600" }, AblationResults.Notes(_csv));
        Assert.True(AblationResults.Read(_csv)[1].IsAverage);
        Assert.Empty(AblationResults.Read(_csv + ".none"));
    }

    [Fact]
    public void Final_is_the_last_step_every_seed_reached_and_collapse_is_twice_dcgans_mean_there()
    {
        // seed 2 of msg stopped at step 500: its arm is compared at 500, not at seed 1's 750
        var rows = new[]
        {
            Row("dcgan", 1, 500, "G", 900), Row("dcgan", 2, 500, "G", 1100), Row("dcgan", 1, 500, "avg", 10),
            Row("msg", 1, 500, "G", 1500), Row("msg", 1, 750, "G", 3000), Row("msg", 2, 500, "G", 2500),
        };
        var final = AblationResults.Final(rows, "msg", average: false);
        Assert.Equal(new[] { (1, 500L), (2, 500L) }, final.Select(r => (r.Seed, r.Step)));
        Assert.Equal(new[] { 750L }, AblationResults.Final(rows, "msg", false, step: 750).Select(r => r.Step));
        Assert.Empty(AblationResults.Final(rows, "msg", average: true));

        Assert.Equal(2000, AblationResults.CollapseAbove(rows, 500));   // the average's 10 does not count
        Assert.True(double.IsNaN(AblationResults.CollapseAbove(rows, 750)));
        var (mean, sd) = AblationResults.Spread(final.Select(r => r.Fd).ToList());
        Assert.Equal(2000, mean);
        Assert.Equal(Math.Sqrt(2 * 500.0 * 500 / 1), sd, 9);
    }
}
