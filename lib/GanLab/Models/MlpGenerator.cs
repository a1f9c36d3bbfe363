using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>
/// A small multilayer perceptron generator for 2-D toy distributions (GAN Lab, d2l): z (N, latent) →
/// points (N, outputs). ReLU hidden layers, linear output.
/// </summary>
public sealed class MlpGenerator : Module<Tensor, Tensor>, IGenerator
{
    readonly Sequential main;   // named as in PyTorch code: the state dict's keys are main.0.weight, ...
    readonly int _hidden, _layers, _outputs;

    /// <summary>A generator of the sizes in <paramref name="settings"/>, making 2-D points.</summary>
    public MlpGenerator(Toy2dSettings settings) : this(settings.Latent, settings.Hidden, settings.Layers) { }

    /// <param name="latent">Length of z.</param>
    /// <param name="hidden">Units per hidden layer.</param>
    /// <param name="layers">Number of hidden layers.</param>
    /// <param name="outputs">Dimension of the points it makes (2 for the toys).</param>
    public MlpGenerator(int latent = 2, int hidden = 128, int layers = 3, int outputs = 2) : base(nameof(MlpGenerator))
    {
        Latent = latent;
        (_hidden, _layers, _outputs) = (hidden, layers, outputs);
        var modules = new List<Module<Tensor, Tensor>>();
        int inputs = latent;
        for (int i = 0; i < layers; i++)
        {
            modules.Add(Linear(inputs, hidden));
            modules.Add(ReLU());
            inputs = hidden;
            // state size: hidden
        }
        modules.Add(Linear(inputs, outputs));
        // state size: outputs
        main = Sequential(modules);
        RegisterComponents();
    }

    /// <summary>Length of z.</summary>
    public int Latent { get; }

    /// <inheritdoc cref="IGenerator.Copy"/>
    public MlpGenerator Copy() => IGenerator.Copy(this, () => new MlpGenerator(Latent, _hidden, _layers, _outputs));

    nn.Module IGenerator.Copy() => Copy();

    /// <summary>z (N, latent) → points (N, outputs).</summary>
    public override Tensor forward(Tensor z) => main.forward(z);
}
