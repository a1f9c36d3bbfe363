namespace GanLab.Analysis;

/// <summary>Agreement between a clustering and ground-truth classes: adjusted Rand index and purity.</summary>
public static class ClusteringScores
{
    /// <summary>
    /// Adjusted Rand index (Hubert &amp; Arabie 1985): the Rand index corrected for chance, 1 for identical partitions
    /// (labels may be renamed), about 0 for independent ones.
    /// </summary>
    public static double AdjustedRandIndex(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        var table = Contingency(predicted, truth);
        double n = predicted.Count;
        static double Pairs(double m) => m * (m - 1) / 2;
        double index = table.Cells.Values.Sum(Pairs);
        double rows = table.Rows.Values.Sum(Pairs), cols = table.Columns.Values.Sum(Pairs);
        double expected = rows * cols / Pairs(n);
        double max = (rows + cols) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    /// <summary>Purity: the share of points whose cluster's most common true class is their own (Manning et al., IR book §16.3).</summary>
    public static double Purity(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        var table = Contingency(predicted, truth);
        double majority = table.Cells.GroupBy(c => c.Key.Predicted).Sum(g => g.Max(c => c.Value));
        return majority / predicted.Count;
    }

    sealed record Table(Dictionary<(int Predicted, int Truth), double> Cells, Dictionary<int, double> Rows, Dictionary<int, double> Columns);

    static Table Contingency(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        if (predicted.Count != truth.Count)
            throw new ArgumentException($"The two labelings have different lengths: {predicted.Count} and {truth.Count}.");
        if (predicted.Count < 2) throw new ArgumentException("Need at least 2 labelled points.");
        var table = new Table(new(), new(), new());
        for (int i = 0; i < predicted.Count; i++)
        {
            var key = (predicted[i], truth[i]);
            table.Cells[key] = table.Cells.GetValueOrDefault(key) + 1;
            table.Rows[predicted[i]] = table.Rows.GetValueOrDefault(predicted[i]) + 1;
            table.Columns[truth[i]] = table.Columns.GetValueOrDefault(truth[i]) + 1;
        }
        return table;
    }
}
