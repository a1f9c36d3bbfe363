using System.Globalization;
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
        var s = Settings(path, "dcgan");
        var d = new DcganDiscriminator(Int(s, "size", path), Int(s, "width", path), Channels(s));
        Checkpoint.LoadDiscriminator(path, d);
        d.eval();
        return (DcganG(s, path, device), d.to(device ?? TorchRuntime.Current.Device));
    }

    /// <summary>A DCGAN's generator alone, from a DCGAN file with or without D (<c>ganlab export --generator-only</c>).</summary>
    /// <param name="path">A pretrained file or a DCGAN checkpoint.</param>
    /// <param name="device">Where the network goes; null means the runtime's device.</param>
    public static DcganGenerator DcganGenerator(string path, Device? device = null) => DcganG(Settings(path, "dcgan"), path, device);

    /// <summary>Builds G from the settings already read from <paramref name="path"/>'s header and loads its weights.</summary>
    static DcganGenerator DcganG(Dictionary<string, string> s, string path, Device? device)
    {
        var g = new DcganGenerator(Int(s, "size", path), Int(s, "latent", path), Int(s, "width", path), Channels(s));
        Checkpoint.LoadGenerator(path, g);
        g.eval();
        return g.to(device ?? TorchRuntime.Current.Device);
    }

    /// <summary>An MSG-GAN's generator, as trained by <c>ganlab train --model msggan</c> (a checkpoint or an export).</summary>
    /// <param name="path">A pretrained file or an MSG-GAN checkpoint.</param>
    /// <param name="device">Where the network goes; null means the runtime's device.</param>
    public static MsgGanGenerator MsgGanGenerator(string path, Device? device = null)
    {
        var s = Settings(path, "msggan");
        var g = new MsgGanGenerator(Int(s, "size", path), Int(s, "latent", path), Int(s, "width", path), Int(s, "maxwidth", path), Channels(s));
        Checkpoint.LoadGenerator(path, g);
        g.eval();
        return g.to(device ?? TorchRuntime.Current.Device);
    }

    /// <summary>An encoder E that inverts a DCGAN's generator (image → z), as trained by <c>ganlab train --model encoder</c>.</summary>
    /// <param name="path">A pretrained encoder file.</param>
    /// <param name="device">Where the network goes; null means the runtime's device.</param>
    public static DcganEncoder Encoder(string path, Device? device = null)
    {
        var s = Settings(path, "encoder");
        var e = new DcganEncoder(Int(s, "size", path), Int(s, "latent", path), Int(s, "width", path), Channels(s));
        Checkpoint.LoadGenerator(path, e);   // the file's first (and only) state dict
        e.eval();
        return e.to(device ?? TorchRuntime.Current.Device);
    }

    static Dictionary<string, string> Settings(string path, string model)
    {
        var s = Checkpoint.ReadInfo(path).Metadata;
        string found = s.GetValueOrDefault("model", "?");
        string? loader = found switch { "dcgan" => "Pretrained.Dcgan", "msggan" => "Pretrained.MsgGanGenerator", "encoder" => "Pretrained.Encoder", _ => null };
        if (found != model)
            throw new InvalidDataException($"{path} holds a '{found}' model, not a '{model}'{(loader is null ? "" : $"; load it with {loader}")}.");
        return s;
    }

    static int Channels(Dictionary<string, string> s) =>
        s.TryGetValue("channels", out var c) && int.TryParse(c, CultureInfo.InvariantCulture, out int n) ? n : 3;

    static int Int(Dictionary<string, string> s, string key, string path) =>
        s.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out int n)
            ? n : throw new InvalidDataException($"{path} does not record the model's '{key}'; build the network yourself and use Checkpoint.LoadGenerator.");
}
