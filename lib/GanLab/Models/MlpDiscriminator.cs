using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>
/// A small multilayer perceptron discriminator for 2-D toy distributions: points (N, inputs) → one logit per
/// point, shape (N). LeakyReLU 0.2 hidden layers; no sigmoid (the losses take logits).
/// </summary>
public sealed class MlpDiscriminator : Module<Tensor, Tensor>
{
    readonly Sequential main;   // named as in PyTorch code: the state dict's keys are main.0.weight, ...

    /// <summary>A discriminator of the sizes in <paramref name="settings"/>, reading 2-D points.</summary>
    public MlpDiscriminator(Toy2dSettings settings) : this(2, settings.Hidden, settings.Layers) { }

    /// <param name="inputs">Dimension of the points (2 for the toys).</param>
    /// <param name="hidden">Units per hidden layer.</param>
    /// <param name="layers">Number of hidden layers.</param>
    public MlpDiscriminator(int inputs = 2, int hidden = 128, int layers = 3) : base(nameof(MlpDiscriminator))
    {
        var modules = new List<Module<Tensor, Tensor>>();
        for (int i = 0; i < layers; i++)
        {
            modules.Add(Linear(inputs, hidden));
            modules.Add(new LeakyReLU(0.2));
            inputs = hidden;
            // state size: hidden
        }
        modules.Add(Linear(inputs, 1));
        // state size: 1
        main = Sequential(modules);
        RegisterComponents();
    }

    /// <summary>Points (N, inputs) → logits (N). Positive means "real".</summary>
    public override Tensor forward(Tensor x) => main.forward(x).view(-1);
}
