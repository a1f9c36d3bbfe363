namespace GanLab.Training;

/// <summary>
/// One training step's health figures (pytorch/examples' Loss_D, Loss_G, D(x), D(G(z)) and more). D(x) and D(G(z))
/// are means over the batch of the loss's score: probabilities for the logistic losses, raw scores otherwise.
/// </summary>
/// <param name="Step">Steps completed, counting this one (1 for the first).</param>
/// <param name="LossD">D's loss (with any gradient penalty).</param>
/// <param name="LossG">G's loss.</param>
/// <param name="DReal">D(x) before D's update.</param>
/// <param name="DFake">D(G(z)) before D's update (pytorch/examples' D_G_z1).</param>
/// <param name="DRealAfter">D(x) after D's update (NaN when not measured).</param>
/// <param name="DFakeAfter">D(G(z)) after D's update, as G sees it (D_G_z2).</param>
/// <param name="GradNormD">L2 norm of all D's gradients in its update (0 while D is frozen).</param>
/// <param name="GradNormG">L2 norm of all G's gradients.</param>
/// <param name="Seconds">Wall-clock time of the step, data included.</param>
/// <param name="DFrozen">True when D was not updated (frozen).</param>
public sealed record TrainingStep(long Step, float LossD, float LossG, float DReal, float DFake, float DRealAfter, float DFakeAfter,
    float GradNormD, float GradNormG, double Seconds, bool DFrozen);
