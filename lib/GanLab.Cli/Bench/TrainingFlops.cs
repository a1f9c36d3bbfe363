using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Cli.Bench;

/// <summary>
/// Floating-point operations of a training step, for putting a training figure beside the machine's limit
/// (<c>train.dcgan32.gflop_per_s</c> against <c>machine.matmul_gflop_per_s</c>). A forward pass is counted from the
/// weights of its convolutions, transposed convolutions and linear layers and the shapes they see (2 operations per
/// multiply-add; activations, norms and the optimiser are not counted: they are memory-bound, not arithmetic). A pass
/// that is back-propagated costs three forward passes (the forward, the gradient of its input, the gradient of its
/// weights), the usual rule.
/// </summary>
public static class TrainingFlops
{
    /// <summary>Multiply-adds x 2 of the forward pass that <paramref name="forward"/> runs through <paramref name="model"/> (run once, without gradients).</summary>
    public static double Forward(nn.Module model, Action forward)
    {
        double macs = 0;
        var removers = new List<Action>();
        foreach (var layer in model.modules().OfType<nn.Module<Tensor, Tensor>>())
        {
            var weight = layer.named_parameters(recurse: false).FirstOrDefault(p => p.name == "weight").parameter;
            if (weight is null || weight.dim() is not (2 or 4)) continue;
            bool transposed = layer.GetType().Name.Contains("Transpose", StringComparison.Ordinal);
            long[] w = weight.shape;
            var hook = layer.register_forward_hook((_, input, output) =>
            {
                macs += w.Length == 2 ? output.numel() * w[1]                 // linear: each output sums `in` products
                    : transposed ? input.numel() * w[1] * w[2] * w[3]         // each input spreads over out x k x k outputs
                    : output.numel() * w[1] * w[2] * w[3];                    // each output sums in x k x k products
                return output;
            });
            removers.Add(hook.remove);
        }
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            forward();
        }
        finally { foreach (var remove in removers) remove(); }
        return 2 * macs;
    }

    /// <summary>
    /// One GAN step's operations (one D update, one G update, no extra measurement): G's forward back-propagated once
    /// (3 forwards' work), D's back-propagated three times, on the real batch and the fake batch for its update and on
    /// the fake batch for G's (9).
    /// </summary>
    public static double GanStep(double generatorForward, double discriminatorForward) => 3 * generatorForward + 9 * discriminatorForward;
}
