using System.CommandLine;
using System.Diagnostics;
using GanLab.Data;
using GanLab.Metrics;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab classifier --out FILE [--count 20000] [--epochs 6] [--seed 1]</c>: trains the procedural faces' feature
/// classifier (<see cref="FaceClassifier"/>: heads mouth, glasses, hair, beard; 64 features) on 32x32 faces, saves it,
/// and reports each head's accuracy on 2,000 held-out faces (another seed). This is how
/// <c>data/pretrained/faces-classifier-32.bin</c> is made; the notebooks' Fréchet distance and mode coverage use it.
/// </summary>
public sealed class ClassifierCommand : Command
{
    readonly CommonOptions _common;
    readonly Option<string> _out = new("--out") { Description = $"The classifier file to write (for example data/pretrained/{FaceClassifier.PretrainedFile})", HelpName = "FILE", Required = true };
    readonly Option<int?> _count = NumberOption.Int("--count", "How many faces to train on [default: 20000]");
    readonly Option<int?> _epochs = NumberOption.Int("--epochs", "Passes over the faces [default: 6]");

    public ClassifierCommand(CommonOptions common) : base("classifier", "Train the procedural faces' feature classifier (the Fréchet distance's features, mode counting)")
    {
        _common = common;
        Options.Add(_out);
        Options.Add(_count);
        Options.Add(_epochs);
        SetAction(Run);
    }

    int Run(ParseResult parse)
    {
        string output = parse.GetRequiredValue(_out);
        int count = parse.GetValue(_count) ?? 20_000, epochs = parse.GetValue(_epochs) ?? 6, seed = _common.SeedOr(parse, 1);
        if (seed == 99) throw new CliException("Seed 99 draws the held-out faces; pick another --seed.");
        var rt = _common.InitRuntime(parse, seed: seed);
        var watch = Stopwatch.StartNew();
        var clf = FaceClassifier.Train(count, 32, epochs, seed, rt.Device, Console.WriteLine);
        FaceClassifier.Save(clf, output);
        using var heldOut = Datasets.Faces(2_000, 32, seed: 99);
        var accuracy = clf.Accuracy(heldOut.Images, FaceClassifier.HeadLabels(heldOut.Labels!));
        Console.WriteLine($"held-out accuracy (2,000 faces, seed 99): " +
            string.Join(", ", FaceClassifier.HeadNames.Select((h, i) => $"{h} {accuracy[i]:P1}")));
        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length / 1024} KiB) in {watch.Elapsed.TotalSeconds:F0} s");
        File.AppendAllText(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, "faces-classifier-32.command.txt"),
            $"{DateTime.UtcNow:u}  ganlab {string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a != "classifier"))}{Environment.NewLine}");
        return 0;
    }
}
