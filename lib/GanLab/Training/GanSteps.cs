using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// The two halves of one GAN training step, written as notebook 2 writes them (d2l's <c>update_D</c> and
/// <c>update_G</c>; pytorch/examples' dcgan/main.py runs the same lines straight down). <see cref="GanTrainer{T}"/>
/// calls exactly these two functions; what it adds (several D steps, freezing D, the gradient penalty, the average of
/// G, the health figures) happens around the calls, not inside them.
/// </summary>
/// <example><code>
/// var fake = G.forward(z);
/// var (lossD, dReal, dFake) = GanSteps.UpdateD(D, optimizerD, loss, real, fake.detach());   // D's update must not reach G
/// var (lossG, dFakeAfter) = GanSteps.UpdateG(D, optimizerG, loss, fake);
/// </code></example>
public static class GanSteps
{
    /// <summary>
    /// Updates D once on a real batch and a generated one: minimises the loss's D objective (for the non-saturating
    /// loss, maximize log D(x) + log(1 − D(G(z)))). Returns D's loss and its raw outputs (logits or scores) for both batches.
    /// </summary>
    /// <param name="D">The discriminator.</param>
    /// <param name="optimizerD">D's optimiser.</param>
    /// <param name="loss">The GAN objective.</param>
    /// <param name="real">A real batch.</param>
    /// <param name="fake">G's batch, already cut from G's graph (<c>fake.detach()</c>).</param>
    /// <param name="penalty">Added to D's loss when given (WGAN-GP's gradient penalty, computed by the caller).</param>
    public static (Tensor LossD, Tensor DReal, Tensor DFake) UpdateD<T>(nn.Module<T, Tensor> D, optim.Optimizer optimizerD, GanLoss loss,
        T real, T fake, Tensor? penalty = null)
    {
        // (1) Update D: maximize log D(x) + log(1 − D(G(z)))   (the loss's DiscriminatorObjective)
        optimizerD.zero_grad();
        var dReal = D.forward(real);                 // D's outputs for the real batch
        var dFake = D.forward(fake);                 // and for G's, cut from G's graph by the caller
        var lossD = loss.DiscriminatorLoss(dReal, dFake);
        if (penalty is not null) lossD = lossD + penalty;
        lossD.backward();
        optimizerD.step();
        return (lossD, dReal, dFake);
    }

    /// <summary>
    /// Updates G once through D: minimises the loss's G objective on the same generated batch (for the non-saturating
    /// loss, maximize log D(G(z))). Returns G's loss and D's output for the batch, as G saw it.
    /// </summary>
    /// <param name="D">The discriminator (usually just updated).</param>
    /// <param name="optimizerG">G's optimiser.</param>
    /// <param name="loss">The GAN objective.</param>
    /// <param name="fake">G's batch, still attached to G's graph, so the gradient flows through D into G.</param>
    /// <param name="dReal">D's output on a real batch, without gradient: only relativistic losses read it.</param>
    public static (Tensor LossG, Tensor DFake) UpdateG<T>(nn.Module<T, Tensor> D, optim.Optimizer optimizerG, GanLoss loss,
        T fake, Tensor? dReal = null)
    {
        // (2) Update G: maximize log D(G(z))   (the loss's GeneratorObjective)
        optimizerG.zero_grad();
        var dFake = D.forward(fake);                 // fake still carries G's graph: the gradient flows through D into G
        var lossG = loss.GeneratorLoss(dFake, dReal);
        lossG.backward();
        optimizerG.step();
        return (lossG, dFake);
    }
}
