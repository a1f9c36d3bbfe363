using System.Globalization;
using System.Text;

namespace GanLab.Cli.Ablation;

/// <summary>results.csv (one row per arm, seed, step and generator) and the summary.md table made from it.</summary>
public static class AblationResults
{
    /// <summary>The CSV header.</summary>
    public const string Header = "config,seed,step,images,train_s,generator,fd,ratio,covered,real_categories,kl,real_vs_real";

    /// <summary>One measurement: an arm's generator (G or its average) at one step of one seed.</summary>
    public sealed record Row(string Config, int Seed, long Step, long Images, double TrainSeconds, string Generator,
        double Fd, double Ratio, int Covered, int RealCategories, double Kl, double RealVsReal)
    {
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

    /// <summary>
    /// For each configuration and generator, at the last step every seed reached: the Fréchet distance (mean ± sample
    /// standard deviation over seeds, and its ratio to real vs real), combinations covered, KL, and how many seeds
    /// collapsed: a distance more than twice DCGAN's mean at the same step (issue 15's criterion). Then the mean
    /// distance at every evaluated step.
    /// </summary>
    public static void Write(string csv, string path)
    {
        var rows = Read(csv);
        var sb = new StringBuilder();
        sb.AppendLine($"# MSG-GAN ablation: {rows.Select(r => (r.Config, r.Seed)).Distinct().Count()} runs in {Path.GetFileName(csv)}");
        sb.AppendLine();
        if (rows.Count == 0) { File.WriteAllText(path, sb.ToString()); return; }
        sb.AppendLine($"Notebook 3's ruler: N generated vs N held-out faces (seed 7; --eval-count, default 2,000), real vs real {rows[0].RealVsReal:F2}; {rows[0].RealCategories} combinations among the real faces.");
        sb.AppendLine("Collapsed: Fréchet distance above 2x DCGAN's mean (its G) at the same step. Seconds: training only, per run (mean).");
        sb.AppendLine();
        sb.AppendLine("| arm | generator | step | images | seeds | Fréchet distance | x real | covered | KL | collapsed | s/run |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var group in rows.GroupBy(r => (r.Config, r.Generator)).OrderBy(g => Order(g.Key.Config)).ThenBy(g => g.Key.Generator != "G").ThenBy(g => g.Key.Generator))
        {
            long step = group.GroupBy(r => r.Seed).Min(s => s.Max(r => r.Step));
            var last = group.Where(r => r.Step == step).ToList();
            var dcgan = rows.Where(r => r.Config == "dcgan" && r.Generator == "G" && r.Step == step).Select(r => r.Fd).ToList();
            string collapsed = dcgan.Count == 0 ? "?" : $"{last.Count(r => r.Fd > 2 * dcgan.Average())} of {last.Count}";
            var (mean, sd) = Spread(last.Select(r => r.Fd).ToList());
            sb.AppendLine($"| {group.Key.Config} | {group.Key.Generator} | {step:N0} | {last[0].Images:N0} | {string.Join(",", last.Select(r => r.Seed))} | " +
                $"{mean:F0} ± {sd:F0} | {mean / last[0].RealVsReal:F1} | {last.Average(r => r.Covered):F0} | {last.Average(r => r.Kl):F2} | {collapsed} | {last.Average(r => r.TrainSeconds):F0} |");
        }
        sb.AppendLine();
        var steps = rows.Select(r => r.Step).Distinct().OrderBy(s => s).ToList();
        sb.AppendLine("Mean Fréchet distance over seeds at each evaluated step:");
        sb.AppendLine();
        sb.AppendLine("| arm | generator | " + string.Join(" | ", steps.Select(s => s.ToString("N0", I))) + " |");
        sb.AppendLine("| --- | --- | " + string.Join(" | ", steps.Select(_ => "---:")) + " |");
        foreach (var group in rows.GroupBy(r => (r.Config, r.Generator)).OrderBy(g => Order(g.Key.Config)).ThenBy(g => g.Key.Generator != "G").ThenBy(g => g.Key.Generator))
            sb.AppendLine($"| {group.Key.Config} | {group.Key.Generator} | " + string.Join(" | ", steps.Select(s =>
            {
                var at = group.Where(r => r.Step == s).ToList();
                return at.Count == 0 ? "" : at.Average(r => r.Fd).ToString("F0", I);
            })) + " |");
        File.WriteAllText(path, sb.ToString());
        Console.WriteLine($"wrote {path}");
    }

    static int Order(string config)
    {
        int i = AblationArm.All.Select(c => c.Name).ToList().IndexOf(config);
        return i < 0 ? int.MaxValue : i;
    }

    static (double Mean, double Sd) Spread(List<double> v)
    {
        double mean = v.Average();
        return (mean, v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)) : 0);
    }
}
