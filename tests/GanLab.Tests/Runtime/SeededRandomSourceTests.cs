using System.Text.Json;
using GanLab.Tests.Notebooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GanLab.Tests.Runtime;

/// <summary>
/// The source check for seeded generators asked for on a device, which the stand-in device cannot catch (it draws its
/// random numbers on the CPU). TorchSharp 0.107 ignores the device of <c>new torch.Generator(seed, device)</c> and makes
/// a CPU generator (dotnet/TorchSharp#1194), so <c>randn(size, device: cuda, generator: g)</c> throws "Expected a 'cuda'
/// device type for generator but found 'cpu'" on a GPU. Seeded draws go through <c>SeededRandom</c> (draw on the CPU,
/// then move), or draw on the CPU and call <c>.to(device)</c> as notebooks do. Reads every C# file under lib/ and every
/// code cell of the notebooks with Roslyn's parser, so comments and strings never count.
/// </summary>
public class SeededRandomSourceTests
{
    /// <summary>Torch's random draws that take a generator.</summary>
    static readonly HashSet<string> Draws = new(StringComparer.Ordinal)
    {
        "randn", "rand", "randint", "randperm", "normal", "bernoulli", "multinomial", "poisson",
        "randn_like", "rand_like", "randint_like",
        "normal_", "uniform_", "bernoulli_", "random_", "exponential_", "cauchy_", "log_normal_", "geometric_",
    };

    /// <summary>The one place allowed to combine a generator and a device.</summary>
    static readonly string Helper = Path.Combine("lib", "GanLab", "Runtime", "SeededRandom.cs");

    [Fact]
    public void No_seeded_generator_is_asked_for_on_a_device_in_the_library_or_the_notebooks()
    {
        var found = LibrarySources().Concat(NotebookCells())
            .SelectMany(source => DeviceBoundGenerators(source.Code, source.Script).Select(hit => $"{source.Name} line {hit}"))
            .ToList();
        Assert.True(found.Count == 0,
            "Seeded random numbers asked for on a device (TorchSharp makes every Generator on the CPU, so this throws on a GPU; " +
            "draw with SeededRandom.Randn/Rand/Randperm(size, generator, device), which draws on the CPU and moves the result):\n" +
            string.Join("\n", found));
    }

    [Theory]
    [InlineData("var g = new torch.Generator(1, device);")]
    [InlineData("var g = new Generator((ulong)seed, _device);")]
    [InlineData("var g = new TorchSharp.torch.Generator(seed: 1, device: cuda);")]
    [InlineData("torch.Generator g = new(1, rt.Device);")]
    [InlineData("var z = randn(new long[] { 4, 8 }, device: _device, generator: Noise);")]
    [InlineData("var a = torch.rand(new[] { 4L }, device: rt.Device, generator: g);")]
    [InlineData("var i = randint(0, 10, new[] { 4L }, generator: g, device: cuda);")]
    [InlineData("var z = randn_like(x, generator: g);")]
    [InlineData("x.normal_(0, 1, generator: g);")]
    public void The_check_finds_a_generator_on_a_device(string line)
    {
        Assert.Single(DeviceBoundGenerators(line, script: true));
    }

    [Theory]
    [InlineData("var g = new torch.Generator((ulong)seed);")]
    [InlineData("var z = randn(new long[] { 4, 8 }, generator: g).to(rt.Device);")]
    [InlineData("var z = SeededRandom.Randn(new long[] { 4, 8 }, g, rt.Device);")]
    [InlineData("var z = randn(new long[] { 4, 8 }, device: torch.CPU, generator: g);")]
    [InlineData("var z = randn(64, 100, device: rt.Device);   // torch's own generator of that device")]
    [InlineData("// randn(size, device: cuda, generator: g) throws\nvar s = \"new Generator(1, cuda)\";")]
    public void The_check_passes_draws_on_the_cpu(string code)
    {
        Assert.Empty(DeviceBoundGenerators(code, script: true));
    }

    /// <summary>Line and text of each device-bound generator in <paramref name="code"/>.</summary>
    static IEnumerable<string> DeviceBoundGenerators(string code, bool script)
    {
        var options = CSharpParseOptions.Default.WithKind(script ? SourceCodeKind.Script : SourceCodeKind.Regular);
        var root = CSharpSyntaxTree.ParseText(code, options).GetRoot();
        foreach (var node in root.DescendantNodes())
        {
            bool bound = node switch
            {
                // new Generator(seed, device): the device is ignored, the generator is a CPU one
                BaseObjectCreationExpressionSyntax create when IsGenerator(create) => create.ArgumentList is { } args
                    && (args.Arguments.Count > 1 || args.Arguments.Any(a => a.NameColon?.Name.Identifier.Text == "device")),
                // randn(..., device: d, generator: g), or a draw like a tensor (which may be on a device) with a generator
                InvocationExpressionSyntax call when Draws.Contains(Name(call.Expression)) => Named(call, "generator") is not null
                    && (Name(call.Expression).EndsWith('_') || Name(call.Expression).EndsWith("_like", StringComparison.Ordinal)
                        || Named(call, "device") is { } device && !IsCpu(device.Expression)),
                _ => false,
            };
            if (bound)
                yield return $"{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {node.ToString().ReplaceLineEndings(" ")}";
        }
    }

    static bool IsGenerator(BaseObjectCreationExpressionSyntax create) => create switch
    {
        ObjectCreationExpressionSyntax { Type: var type } => type.ToString() is "Generator" or "torch.Generator" or "TorchSharp.torch.Generator",
        ImplicitObjectCreationExpressionSyntax => create.Parent?.Parent?.Parent is VariableDeclarationSyntax { Type: var declared }
            && declared.ToString() is "Generator" or "torch.Generator" or "TorchSharp.torch.Generator",
        _ => false,
    };

    static string Name(ExpressionSyntax callee) => callee switch
    {
        IdentifierNameSyntax id => id.Identifier.Text,
        MemberAccessExpressionSyntax member => member.Name.Identifier.Text,
        _ => "",
    };

    static ArgumentSyntax? Named(InvocationExpressionSyntax call, string name) =>
        call.ArgumentList.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.Text == name);

    static bool IsCpu(ExpressionSyntax device) => device.ToString() is "CPU" or "torch.CPU" or "TorchSharp.torch.CPU";

    static IEnumerable<(string Name, string Code, bool Script)> LibrarySources()
    {
        string lib = Path.Combine(NotebookFiles.RepoRoot, "lib");
        var files = Directory.EnumerateFiles(lib, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(lib, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => Path.GetRelativePath(NotebookFiles.RepoRoot, f))
            .Where(f => f != Helper)
            .ToList();
        Assert.True(files.Count > 50, $"found only {files.Count} C# files under {lib}");
        return files.Select(f => (f, File.ReadAllText(Path.Combine(NotebookFiles.RepoRoot, f)), false));
    }

    static IEnumerable<(string Name, string Code, bool Script)> NotebookCells()
    {
        var notebooks = Directory.GetFiles(Path.Combine(NotebookFiles.RepoRoot, "notebooks"), "*.ipynb").Order().ToList();
        Assert.NotEmpty(notebooks);
        foreach (var path in notebooks)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            int index = 0;
            foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
            {
                index++;
                if (cell.GetProperty("cell_type").GetString() != "code") continue;
                var source = cell.GetProperty("source");
                string code = source.ValueKind == JsonValueKind.Array
                    ? string.Concat(source.EnumerateArray().Select(s => s.GetString()))
                    : source.GetString() ?? "";
                yield return ($"notebooks/{Path.GetFileName(path)} cell {index},", code, true);
            }
        }
    }
}
