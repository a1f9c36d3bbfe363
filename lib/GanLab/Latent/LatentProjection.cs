using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Latent;

/// <summary>
/// Finds a latent whose image matches a given image (GAN inversion by optimisation: Zhu et al. 2016 "iGAN", Creswell
/// &amp; Bharath 2018; the projector of StyleGAN2, Karras et al. 2020): Adam on z minimises a pixel loss plus an optional
/// feature loss, starting from a random z or from an encoder's guess. The generator is frozen and in eval mode while
/// it runs, and restored afterwards.
/// </summary>
/// <example><code>
/// var result = LatentProjection.Project(g, target, latentSize: 100, new ProjectionOptions { Start = encoder.forward(target) });
/// ImageGrid.Save(g.forward(torch.cat(result.Path.ToArray(), 0)), "path.png", normalize: true);
/// </code></example>
public static class LatentProjection
{
    /// <summary>Projects <paramref name="target"/> (N, C, H, W) or (C, H, W) into the latent space of <paramref name="generator"/> (z of length <paramref name="latentSize"/>).</summary>
    public static ProjectionResult Project(nn.Module<Tensor, Tensor> generator, Tensor target, int latentSize, ProjectionOptions? options = null)
    {
        var o = options ?? new ProjectionOptions();
        if (o.Steps < 1) throw new ArgumentException($"Steps must be at least 1; got {o.Steps}.", nameof(options));
        // Everything happens on the generator's device; the target may come from anywhere (a data set on the CPU).
        var device = generator.parameters().First().device;
        var goal = (target.dim() == 3 ? target.unsqueeze(0) : target).to(device);
        long n = goal.shape[0];
        if (o.Start is { } s && (s.dim() != 2 || s.shape[0] != n || s.shape[1] != latentSize))
            throw new ArgumentException($"Start must be ({n}, {latentSize}); got shape [{string.Join(", ", s.shape)}].", nameof(options));

        bool wasTraining = generator.training;
        var parameters = generator.parameters().ToList();
        var wanted = parameters.Select(p => p.requires_grad).ToList();
        generator.eval();
        foreach (var p in parameters) p.requires_grad = false;
        try
        {
            using var scope = NewDisposeScope();
            using var noise = new Generator((ulong)o.Seed);
            var initial = o.Start is { } start ? start.detach().clone().to(ScalarType.Float32).to(device)
                : SeededRandom.Randn(new long[] { n, latentSize }, noise, device);
            var z = new TorchSharp.Modules.Parameter(initial, requires_grad: true);
            Tensor? goalFeatures = null;
            if (o.Features is not null)
                using (no_grad()) goalFeatures = o.Features(goal).detach();
            var optimizer = optim.Adam(new[] { z }, o.LearningRate);
            var (losses, pixels, features) = (new List<double>(), new List<double>(), new List<double>());
            var path = new List<Tensor>();
            var steps = new List<int>();
            for (int step = 0; step <= o.Steps; step++)
            {
                NotebookInterrupt.ThrowIfRequested();
                using var inner = NewDisposeScope();
                if (step % o.RecordEvery == 0 || step == o.Steps)
                {
                    path.Add(z.detach().cpu().clone().DetachFromDisposeScope());
                    steps.Add(step);
                }
                var image = generator.forward(z);
                var pixel = (image - goal).square().mean();
                var loss = pixel * o.PixelWeight;
                var feature = zeros_like(pixel);
                if (o.Features is not null)
                {
                    feature = (o.Features(image) - goalFeatures!).square().mean();
                    loss = loss + feature * o.FeatureWeight;
                }
                if (o.PriorWeight > 0) loss = loss + z.square().sum(1).mean() / latentSize * o.PriorWeight;
                var measured = stack(new[] { loss, pixel, feature }).detach().cpu().data<float>().ToArray();   // one wait on the device per step
                losses.Add(measured[0]);
                pixels.Add(measured[1]);
                features.Add(measured[2]);
                if (step == o.Steps) break;   // the last step is measured, not taken
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            Tensor final = z.detach().clone(), picture;
            using (no_grad()) picture = generator.forward(final);
            return new ProjectionResult(final.DetachFromDisposeScope(), picture.DetachFromDisposeScope(), path, steps, losses, pixels, features);
        }
        finally
        {
            for (int i = 0; i < parameters.Count; i++) parameters[i].requires_grad = wanted[i];
            if (wasTraining) generator.train();
        }
    }
}
