using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>DCGAN weight initialisation: convolutions N(0, 0.02); batch-norm scale N(1, 0.02), shift 0.</summary>
public static class DcganInit
{
    /// <summary>Initialises every convolution and batch norm inside <paramref name="model"/>, in place.</summary>
    public static void Apply(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var (_, m) in model.named_modules())
        {
            switch (m)
            {
                case Conv2d or ConvTranspose2d or Linear:
                    var weight = (Parameter)m.named_parameters().First(p => p.name == "weight").parameter;
                    nn.init.normal_(weight, 0.0, 0.02);
                    foreach (var (name, p) in m.named_parameters())
                        if (name == "bias") nn.init.zeros_(p);
                    break;
                case BatchNorm2d bn:
                    nn.init.normal_(bn.weight!, 1.0, 0.02);
                    nn.init.zeros_(bn.bias!);
                    break;
            }
        }
    }
}
