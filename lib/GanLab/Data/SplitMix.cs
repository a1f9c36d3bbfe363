namespace GanLab.Data;

/// <summary>
/// A small counter-based random generator (SplitMix64) seeded from (seed, stream, index), so item i of a
/// procedural data set is the same whichever thread draws it and whichever items are drawn before it.
/// </summary>
internal struct SplitMix
{
    ulong _state;

    public SplitMix(long seed, long index, ulong stream = 0)
    {
        _state = Mix(Mix((ulong)seed ^ (stream * 0xD1B54A32D192ED03UL)) + (ulong)index * 0x9E3779B97F4A7C15UL);
    }

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [lo, hi).</summary>
    public float Uniform(float lo, float hi) => lo + (float)NextDouble() * (hi - lo);

    /// <summary>Uniform integer in [0, n).</summary>
    public int Below(int n) => (int)((Next() >> 33) % (ulong)n);

    /// <summary>True with probability p.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal (Box-Muller).</summary>
    public float Normal()
    {
        double u = 1.0 - NextDouble(), v = NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v));
    }

    /// <summary>A normal value with the given spread, clipped to ±2.5 spreads.</summary>
    public float Jitter(float spread) => Math.Clamp(Normal(), -2.5f, 2.5f) * spread;

    /// <summary>An index drawn with the given probabilities (they sum to 1).</summary>
    public int Pick(IReadOnlyList<double> probabilities)
    {
        double u = NextDouble(), sum = 0;
        for (int i = 0; i < probabilities.Count - 1; i++)
        {
            sum += probabilities[i];
            if (u < sum) return i;
        }
        return probabilities.Count - 1;
    }

    /// <summary>A random permutation of 0..n-1 (Fisher-Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)((Next() >> 11) % (ulong)(i + 1));
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
