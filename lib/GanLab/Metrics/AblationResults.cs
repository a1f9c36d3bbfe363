using System.Globalization;

namespace GanLab.Metrics;

/// <summary>
/// The table <c>ganlab ablation msggan</c> writes (results.csv): one row per arm, seed, measured step and generator (G, or
/// its average), measured with notebook 3's ruler. Notebook 5 reads the shipped one; the command appends to it.
/// </summary>
public static class AblationResults
{
    /// <summary>The CSV header.</summary>
    public const string Header = "config,seed,step,images,train_s,generator,fd,ratio,covered,real_categories,kl,real_vs_real";

    /// <summary>
    /// One measurement: an arm's generator at one step of one seed. <paramref name="TrainSeconds"/> counts training only,
    /// on the machine that ran it; <paramref name="Generator"/> is "G" or the average's name (e.g. ema-hl10000-r0.05).
    /// </summary>
    public sealed record Row(string Config, int Seed, long Step, long Images, double TrainSeconds, string Generator,
        double Fd, double Ratio, int Covered, int RealCategories, double Kl, double RealVsReal)
    {
        /// <summary>True for the average of G's weights, false for G itself.</summary>
        public bool IsAverage => Generator != "G";

        /// <summary>The row as a CSV line (invariant culture).</summary>
        public string ToCsv() => string.Join(',', new object[] { Config, Seed, Step, Images, TrainSeconds.ToString("F1", I), Generator,
            Fd.ToString("F2", I), Ratio.ToString("F2", I), Covered, RealCategories, Kl.ToString("F3", I), RealVsReal.ToString("F2", I) });

        /// <summary>Reads a CSV line.</summary>
        public static Row Parse(string line)
        {
            var f = line.Split(',');
            return new Row(f[0], int.Parse(f[1], I), long.Parse(f[2], I), long.Parse(f[3], I), double.Parse(f[4], I), f[5],
                double.Parse(f[6], I), double.Parse(f[7], I), int.Parse(f[8], I), int.Parse(f[9], I), double.Parse(f[10], I), double.Parse(f[11], I));
        }
    }

    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    /// <summary>The rows of <paramref name="csv"/> (none when it does not exist); lines starting with # are notes.</summary>
    public static List<Row> Read(string csv) => !File.Exists(csv) ? new() :
        File.ReadLines(csv).Skip(1).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(Row.Parse).ToList();

    /// <summary>The notes of <paramref name="csv"/>: its lines starting with # (e.g. "# msg seed 2 diverged at step ...").</summary>
    public static List<string> Notes(string csv) => !File.Exists(csv) ? new() : File.ReadLines(csv).Where(l => l.StartsWith('#')).ToList();

    /// <summary>
    /// One arm's measurements of G (or its average) at <paramref name="step"/>, by default the last step every one of its
    /// seeds reached; ordered by seed. Empty when the arm is not in <paramref name="rows"/> or was not measured there.
    /// </summary>
    public static List<Row> Final(IEnumerable<Row> rows, string config, bool average, long? step = null)
    {
        var arm = rows.Where(r => r.Config == config && r.IsAverage == average).ToList();
        if (arm.Count == 0) return arm;
        long at = step ?? arm.GroupBy(r => r.Seed).Min(s => s.Max(r => r.Step));
        return arm.Where(r => r.Step == at).OrderBy(r => r.Seed).ToList();
    }

    /// <summary>
    /// The collapse line at <paramref name="step"/>: twice the mean distance of DCGAN's G (arm "dcgan") there, issue 15's
    /// criterion (that far behind, a generator draws a handful of faces over and over); NaN when DCGAN was not measured there.
    /// </summary>
    public static double CollapseAbove(IEnumerable<Row> rows, long step) =>
        2 * rows.Where(r => r.Config == "dcgan" && !r.IsAverage && r.Step == step).Select(r => r.Fd).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Mean and sample standard deviation (0 for one value): the spread across seeds.</summary>
    public static (double Mean, double Sd) Spread(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        return (mean, values.Count > 1 ? Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1)) : 0);
    }
}
