using System.CommandLine;
using GanLab.Imaging;
using GanLab.Metrics;
using GanLab.Models;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab score --in FILE [--count 2000] [--grid DIR]</c>: measures a faces generator (a training checkpoint or an
/// export of a DCGAN or MSG-GAN, 32x32) with notebook 3's ruler (<see cref="FaceRuler"/>): Fréchet distance in the face
/// classifier's features against N held-out faces (seed 7), its ratio to real vs real, and the attribute combinations
/// covered. A checkpoint that keeps an average of G is measured twice, G's own weights and the average, on the same noise.
/// This is how the before/after figures of data/pretrained/ are taken. One draw of noise is a sample: the same G spans
/// about ±12% in distance across noise seeds, so <c>--noise-seeds 8</c> measures on seeds S to S+7 and prints the mean
/// and standard deviation, which is what two generators should be compared on.
/// </summary>
public sealed class ScoreCommand : Command
{
    readonly CommonOptions _common;
    readonly Option<string> _in = new("--in") { Description = "A checkpoint or an exported generator (faces, 32x32)", HelpName = "FILE", Required = true };
    readonly Option<int?> _count = NumberOption.Int("--count", "Generated and held-out faces per set, the ruler's N [default: 2000, notebook 3's]");
    readonly Option<string?> _grid = new("--grid") { Description = "Also save 64 samples of each generator measured as PNGs in this folder", HelpName = "DIR" };
    readonly Option<int?> _noiseSeeds = NumberOption.Int("--noise-seeds", "Measure on this many noise draws (seeds --seed, --seed + 1, ...) and print their mean ± sd [default: 1]");
    readonly Option<string> _pretrained = new("--pretrained") { Description = "Folder with the face classifier", HelpName = "DIR", DefaultValueFactory = _ => "data/pretrained" };

    public ScoreCommand(CommonOptions common) : base("score", "Measure a faces generator with notebook 3's ruler: Fréchet distance and attribute combinations (G and its average)")
    {
        _common = common;
        Options.Add(_in);
        Options.Add(_count);
        Options.Add(_grid);
        Options.Add(_noiseSeeds);
        Options.Add(_pretrained);
        SetAction(Run);
    }

    int Run(ParseResult parse)
    {
        string input = parse.GetRequiredValue(_in);
        if (!File.Exists(input)) throw new CliException($"score: no file at {input}.");
        var rt = _common.InitRuntime(parse, quiet: true);
        CheckpointInfo info;
        try { info = Checkpoint.ReadInfo(input); }
        catch (InvalidDataException e) { throw new CliException(e.Message); }
        string networks = info.Metadata.GetValueOrDefault(Checkpoint.NetworksKey, "generator,discriminator");
        if (!networks.StartsWith("generator", StringComparison.Ordinal)) throw new CliException($"score: {input} holds {networks}, not a generator.");
        Func<nn.Module, Tensor, Tensor> full = info.Model switch
        {
            DcganSettings { ImageSize: 32 } => (g, z) => ((DcganGenerator)g).forward(z),
            MsgGanSettings { ImageSize: 32 } => (g, z) => ((MsgGanGenerator)g).forward(z)[^1],
            _ => throw new CliException($"score: {input} holds {info.Model?.ToString() ?? "a model of unrecorded sizes"}; score measures 32x32 DCGAN and MSG-GAN face generators."),
        };
        nn.Module NewGenerator() => info.Model switch
        {
            DcganSettings d => new DcganGenerator(d),
            MsgGanSettings m => new MsgGanGenerator(m),
            _ => throw new InvalidOperationException(),
        };
        int latent = info.Model switch { DcganSettings d => d.Latent, MsgGanSettings m => m.Latent, _ => 0 };

        // Which weights the file holds: a training checkpoint G and maybe its average; an export one generator, labelled.
        var versions = new List<(string Name, bool Ema)>();
        if (info.Metadata.ContainsKey(Checkpoint.WeightsOnlyKey))
            versions.Add((info.Metadata.GetValueOrDefault(Checkpoint.GeneratorWeightsKey, "trained") == "average" ? "average of G" : "G", true));
        else
        {
            versions.Add(("G", false));
            if (networks.Split(',').Contains("generator_ema")) versions.Add(("average of G", true));
        }

        int draws = parse.GetValue(_noiseSeeds) ?? 1;
        if (draws < 1) throw new CliException($"score: --noise-seeds must be at least 1 (got {draws}).");
        var clf = FaceClassifier.LoadOrTrain(Path.Combine(parse.GetValue(_pretrained)!, FaceClassifier.PretrainedFile), device: rt.Device);
        var ruler = FaceRuler.Create(clf, parse.GetValue(_count) ?? 2000);
        Console.WriteLine($"{input}: {info.Model} at step {info.Step}; ruler N = {ruler.N} (held-out faces, seed 7)");
        Console.WriteLine($"  {"real vs real",-14} Fréchet distance {ruler.RealVsReal:F1} (1.0x); {ruler.RealCoverage}");
        int seed = _common.SeedOr(parse, 0);
        string? gridDir = parse.GetValue(_grid);
        foreach (var (name, ema) in versions)
        {
            using var g = NewGenerator().to(rt.Device);
            try { Checkpoint.LoadGenerator(input, g, ema); }
            catch (InvalidDataException e) { throw new CliException(e.Message); }
            g.eval();
            var scores = new List<FaceScore>();
            for (int s = seed; s < seed + draws; s++)
            {
                using var z = randn(new long[] { ruler.N, latent }, generator: new TorchSharp.torch.Generator((ulong)s)).to(rt.Device);
                using var images = Sample(g, z);
                var score = ruler.Measure(images);
                scores.Add(score);
                Console.WriteLine(draws == 1 ? $"  {name,-14} {score}" : $"  {name,-14} noise seed {s}: {score}");
                if (gridDir is not null && s == seed)
                {
                    Directory.CreateDirectory(gridDir);
                    string png = Path.Combine(gridDir, $"{Path.GetFileNameWithoutExtension(input)}-step{info.Step}-{(name == "G" ? "G" : "average")}.png");
                    ImageGrid.Save(images[..64], png, nrow: 8, normalize: true, valueRange: ImageTensor.MinusOneOne);
                    Console.WriteLine($"  wrote {png}");
                }
            }
            if (draws > 1)
            {
                var (fd, fdSd) = AblationResults.Spread(scores.Select(x => x.Fd).ToList());
                var (covered, coveredSd) = AblationResults.Spread(scores.Select(x => (double)x.Coverage.Covered).ToList());
                Console.WriteLine($"  {name,-14} mean ± sd over {draws} noise seeds: Fréchet distance {fd:F1} ± {fdSd:F1} ({fd / ruler.RealVsReal:F1}x real vs real); "
                    + $"{covered:F1} ± {coveredSd:F1} / {ruler.RealCoverage.RealCategories} categories covered");
            }
        }
        return 0;

        // N faces in [-1, 1], 500 at a time, on the CPU.
        Tensor Sample(nn.Module g, Tensor z)
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            return cat(Enumerable.Range(0, (ruler.N + 499) / 500).Select(i => full(g, z[(i * 500)..Math.Min(ruler.N, (i + 1) * 500)]).cpu()).ToList(), 0).MoveToOuterDisposeScope();
        }
    }
}
