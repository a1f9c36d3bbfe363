namespace GanLab.Metrics;

/// <summary>One generated set measured by a <see cref="FaceRuler"/>.</summary>
/// <param name="Fd">Fréchet distance to the held-out real faces in the classifier's features, at the ruler's N.</param>
/// <param name="Ratio">Fd divided by the real-vs-real distance at the same N (1 = as close as another set of real faces).</param>
/// <param name="Coverage">Attribute combinations covered, and KL(p_gen ‖ p_real).</param>
public sealed record FaceScore(double Fd, double Ratio, CategoricalCoverageResult Coverage)
{
    /// <summary>"Fréchet distance 412.3 (20.9x real vs real); 98 / 130 categories covered, KL 0.41 nats".</summary>
    public override string ToString() => $"Fréchet distance {Fd:F1} ({Ratio:F1}x real vs real); {Coverage}";
}
