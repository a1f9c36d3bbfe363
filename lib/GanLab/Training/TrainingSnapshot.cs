using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>G's output for the trainer's fixed noise after <paramref name="Step"/> steps: one frame of the "watch it learn" sequence (CPU tensor, full size).</summary>
/// <param name="Step">Steps completed when it was taken (0: before training).</param>
/// <param name="Samples">G(fixed noise): images (N, C, H, W) in about [-1, 1], or points (N, 2).</param>
public sealed record TrainingSnapshot(long Step, Tensor Samples);
