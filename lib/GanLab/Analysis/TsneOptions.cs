namespace GanLab.Analysis;

/// <summary>
/// Settings of <see cref="Tsne"/>; the defaults are those of van der Maaten's bhtsne and scikit-learn
/// (perplexity 30, 1,000 iterations, early exaggeration 12 for 250 iterations, momentum 0.5 then 0.8, θ = 0.5).
/// </summary>
public sealed record TsneOptions
{
    /// <summary>Effective number of neighbours each point's Gaussian is calibrated to (van der Maaten &amp; Hinton 2008: 5 to 50).</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Gradient-descent iterations in total, early exaggeration included.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Factor the input affinities are multiplied by at the start, so clusters form tight and well separated.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Iterations with early exaggeration and momentum 0.5; afterwards momentum is 0.8.</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Step size; null chooses max(N / early exaggeration / 4, 50) (Belkina et al. 2019, as scikit-learn's "auto").</summary>
    public double? LearningRate { get; init; }

    /// <summary>Barnes-Hut accuracy θ (van der Maaten 2014): larger is faster and coarser. 0 computes the exact gradient over all pairs (O(N²); small sets).</summary>
    public double Theta { get; init; } = 0.5;

    /// <summary>Start from the first two principal components scaled to a standard deviation of 1e-4 (scikit-learn's default), rather than random N(0, 1e-4).</summary>
    public bool PcaInit { get; init; } = true;

    /// <summary>Stops early when the gradient's norm falls below this.</summary>
    public double MinGradNorm { get; init; } = 1e-7;

    /// <summary>Seed for the random initialisation.</summary>
    public int Seed { get; init; }

    /// <summary>CPU threads for the gradient; null uses torch's thread count.</summary>
    public int? Threads { get; init; }
}
