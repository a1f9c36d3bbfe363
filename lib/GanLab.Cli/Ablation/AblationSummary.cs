using System.Globalization;
using System.Text;
using GanLab.Metrics;

namespace GanLab.Cli.Ablation;

/// <summary>summary.md: the table made from results.csv (<see cref="AblationResults"/>).</summary>
public static class AblationSummary
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    /// <summary>
    /// For each configuration and generator, at the last step every seed reached: the Fréchet distance (mean ± sample
    /// standard deviation over seeds, and its ratio to real vs real), combinations covered, KL, and how many seeds
    /// collapsed: a distance more than twice DCGAN's mean at the same step (issue 15's criterion). Then the mean
    /// distance at every evaluated step.
    /// </summary>
    public static void Write(string csv, string path)
    {
        var rows = AblationResults.Read(csv);
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
            double above = AblationResults.CollapseAbove(rows, step);
            string collapsed = double.IsNaN(above) ? "?" : $"{last.Count(r => r.Fd > above)} of {last.Count}";
            var (mean, sd) = AblationResults.Spread(last.Select(r => r.Fd).ToList());
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
}
