using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;
using static GanLab.Training.Arithmetic;

namespace GanLab.Training;

/// <summary>
/// Plain supervised training with a pixel (or vector) loss and Adam: the naive reverse classifier (labels → image) and
/// the encoder E that inverts a generator (G(z) → z). One dispose scope per step, as in <see cref="GanTrainer{T}"/>.
/// </summary>
public static class RegressionTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> for <paramref name="steps"/> steps on (input, target) batches (the data is enumerated
    /// again when it ends) to minimise the <paramref name="loss"/> between model(input) and target. Returns each step's loss.
    /// </summary>
    public static float[] Fit(nn.Module<Tensor, Tensor> model, IEnumerable<(Tensor Input, Tensor Target)> data, long steps,
        PixelLoss loss = PixelLoss.Mse, double lr = 1e-3, Action<long, float>? stepCompleted = null)
    {
        var device = model.parameters().First().device;
        using var optimizer = optim.Adam(model.parameters(), lr);
        var losses = new float[steps];
        model.train();
        using var batches = Cycle(data).GetEnumerator();
        for (long step = 0; step < steps; step++)
        {
            NotebookInterrupt.ThrowIfRequested();
            using var scope = NewDisposeScope();
            batches.MoveNext();
            var (input, target) = batches.Current;
            // minimize ‖model(input) − target‖ (squared for MSE)
            optimizer.zero_grad();
            var output = model.forward(input.to(device));
            var error = Loss(output, target.to(device), loss);
            error.backward();
            optimizer.step();
            losses[step] = error.item<float>();
            if (!float.IsFinite(losses[step]))
                throw new TrainingDivergedException(step + 1, $"Training diverged at step {step + 1}: the loss is {losses[step]}. Try a lower learning rate.");
            stepCompleted?.Invoke(step + 1, losses[step]);
        }
        return losses;
    }

    /// <summary>
    /// Trains an encoder E to invert a trained generator G (NVIDIA's article): z ~ N(0, I), x = G(z) (G frozen, eval mode),
    /// minimise ‖E(x) − z‖² plus, with <paramref name="reconstructionWeight"/> above 0, that weight times the pixel error
    /// ‖G(E(x)) − x‖². Returns each step's loss.
    /// </summary>
    public static float[] FitEncoder(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> generator, int latent, long steps,
        int batchSize = 64, double lr = 1e-3, long seed = 0, double reconstructionWeight = 0, Action<long, float>? stepCompleted = null)
    {
        var device = encoder.parameters().First().device;
        using var noise = new torch.Generator((ulong)seed);
        using var optimizer = optim.Adam(encoder.parameters(), lr);
        bool generatorTraining = generator.training;
        generator.eval();
        var frozen = generator.parameters().Select(p => (p, p.requires_grad)).ToList();
        foreach (var (p, _) in frozen) p.requires_grad = false;
        encoder.train();
        var losses = new float[steps];
        // Made once: a Scalar made per step (weight * loss) can be freed by another thread's GC while libtorch reads it
        // (TorchSharp 0.107, dotnet/TorchSharp#1434); a + b uses Arithmetic's cached Scalar for the same reason.
        using var weight = reconstructionWeight.ToScalar();
        try
        {
            for (long step = 0; step < steps; step++)
            {
                NotebookInterrupt.ThrowIfRequested();
                using var scope = NewDisposeScope();
                var z = SeededRandom.Randn(new long[] { batchSize, latent }, noise, device);
                Tensor x;
                using (no_grad()) x = generator.forward(z);
                // minimize ‖E(G(z)) − z‖² (+ weight · ‖G(E(G(z))) − G(z)‖²)
                optimizer.zero_grad();
                var zHat = encoder.forward(x);
                var error = mse_loss(zHat, z);
                if (reconstructionWeight > 0) error = Plus(error, weight * mse_loss(generator.forward(zHat), x));
                error.backward();
                optimizer.step();
                losses[step] = error.item<float>();
                if (!float.IsFinite(losses[step]))
                    throw new TrainingDivergedException(step + 1, $"Encoder training diverged at step {step + 1}: the loss is {losses[step]}. Try a lower learning rate.");
                stepCompleted?.Invoke(step + 1, losses[step]);
            }
        }
        finally
        {
            foreach (var (p, requiresGrad) in frozen) p.requires_grad = requiresGrad;
            generator.train(generatorTraining);
        }
        return losses;
    }

    static Tensor Loss(Tensor output, Tensor target, PixelLoss loss) => loss switch
    {
        PixelLoss.L1 => l1_loss(output, target),
        _ => mse_loss(output, target),
    };

    static IEnumerable<(Tensor, Tensor)> Cycle(IEnumerable<(Tensor Input, Tensor Target)> data)
    {
        while (true)
        {
            bool any = false;
            foreach (var pair in data)
            {
                any = true;
                yield return pair;
            }
            if (!any) throw new ArgumentException("The training data yielded no batches.", nameof(data));
        }
    }
}
