namespace GanLab.Metrics;

/// <summary>Two samples of a batch and the distance between them (their features, or their pixels).</summary>
public sealed record ClosestPair(int First, int Second, double Distance);
