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
public static class ClassifierCommand
{
    public static int Run(CliArgs cli)
    {
        string output = cli.Get("--out") ?? throw new CliException($"classifier needs --out FILE (for example data/pretrained/{FaceClassifier.PretrainedFile}).");
        int count = cli.GetInt("--count", 20_000), epochs = cli.GetInt("--epochs", 6), seed = cli.GetInt("--seed", 1);
        if (seed == 99) throw new CliException("Seed 99 draws the held-out faces; pick another --seed.");
        var rt = cli.InitRuntime();
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
