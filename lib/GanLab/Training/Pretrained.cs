using GanLab.Models;
using GanLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// Loads the course's pretrained models (<c>data/pretrained/*.ganlab</c>, written by <c>ganlab export</c>) in one line:
/// the architecture is built from the settings stored in the file, the weights are loaded, and the networks come back
/// in eval mode on the runtime's device. <c>var (g, d) = Pretrained.Dcgan("../data/pretrained/dcgan-faces32.ganlab");</c>
/// Any GanLab checkpoint of the same model loads too. To load into a network you built yourself, use
/// <see cref="Checkpoint.LoadGenerator"/>: a mismatch names the tensor and both shapes.
/// </summary>
public static class Pretrained
{
    /// <summary>A DCGAN's generator and discriminator, as trained by <c>ganlab train --model dcgan</c>.</summary>
    /// <param name="path">A pretrained file or a DCGAN checkpoint.</param>
    /// <param name="device">Where the networks go; null means the runtime's device.</param>
    public static (DcganGenerator G, DcganDiscriminator D) Dcgan(string path, Device? device = null)
    {
        var settings = Settings<DcganSettings>(path, "generator", "Pretrained.Dcgan");
        var d = new DcganDiscriminator(settings);
        Checkpoint.LoadDiscriminator(path, d);
        d.eval();
        return (DcganG(settings, path, device), d.to(device ?? TorchRuntime.Current.Device));
    }

    /// <summary>A DCGAN's generator alone, from a DCGAN file with or without D (<c>ganlab export --generator-only</c>).</summary>
    /// <param name="path">A pretrained file or a DCGAN checkpoint.</param>
    /// <param name="device">Where the network goes; null means the runtime's device.</param>
    public static DcganGenerator DcganGenerator(string path, Device? device = null) =>
        DcganG(Settings<DcganSettings>(path, "generator", "Pretrained.DcganGenerator"), path, device);

    /// <summary>Builds G from the settings already read from <paramref name="path"/>'s header and loads its weights.</summary>
    static DcganGenerator DcganG(DcganSettings settings, string path, Device? device)
    {
        var g = new DcganGenerator(settings);
        Checkpoint.LoadGenerator(path, g);
        g.eval();
        return g.to(device ?? TorchRuntime.Current.Device);
    }

    /// <summary>An MSG-GAN's generator, as trained by <c>ganlab train --model msggan</c> (a checkpoint or an export).</summary>
    /// <param name="path">A pretrained file or an MSG-GAN checkpoint.</param>
    /// <param name="device">Where the network goes; null means the runtime's device.</param>
    public static MsgGanGenerator MsgGanGenerator(string path, Device? device = null)
    {
        var g = new MsgGanGenerator(Settings<MsgGanSettings>(path, "generator", "Pretrained.MsgGanGenerator"));
        Checkpoint.LoadGenerator(path, g);
        g.eval();
        return g.to(device ?? TorchRuntime.Current.Device);
    }

    /// <summary>An encoder E that inverts a DCGAN's generator (image → z), as trained by <c>ganlab train --model encoder</c>.</summary>
    /// <param name="path">A pretrained encoder file.</param>
    /// <param name="device">Where the network goes; null means the runtime's device.</param>
    public static DcganEncoder Encoder(string path, Device? device = null)
    {
        var e = new DcganEncoder(Settings<DcganSettings>(path, "encoder", "Pretrained.Encoder"));
        Checkpoint.LoadGenerator(path, e);   // the file's first (and only) state dict
        e.eval();
        return e.to(device ?? TorchRuntime.Current.Device);
    }

    /// <summary>
    /// The model settings stored in <paramref name="path"/>, which must be of family <typeparamref name="TSettings"/> and
    /// hold <paramref name="network"/> first ("generator" or "encoder"); otherwise an error naming the loader that fits.
    /// </summary>
    static TSettings Settings<TSettings>(string path, string network, string loader) where TSettings : ModelSettings
    {
        var info = Checkpoint.ReadInfo(path);
        string networks = info.Metadata.GetValueOrDefault(Checkpoint.NetworksKey, "generator,discriminator");
        if (info.Model is TSettings settings && networks.StartsWith(network, StringComparison.Ordinal)) return settings;
        bool encoder = networks.StartsWith("encoder", StringComparison.Ordinal);
        string? fits = encoder ? "Pretrained.Encoder" : info.Model switch { DcganSettings => "Pretrained.Dcgan", MsgGanSettings => "Pretrained.MsgGanGenerator", _ => null };
        string found = encoder ? "an encoder" : info.Model is { } m ? $"a '{m.Model}' model" : "a model whose sizes it does not record";
        throw new InvalidDataException(fits is not null && fits != loader
            ? $"{path} holds {found}, not what {loader} loads; load it with {fits}."
            : $"{path} holds {found}, which {loader} cannot build; build the network yourself and use Checkpoint.LoadGenerator.");
    }
}
