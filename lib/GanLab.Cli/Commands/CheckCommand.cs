using System.CommandLine;
using GanLab.Runtime;
using TorchSharp;

namespace GanLab.Cli.Commands;

/// <summary><c>ganlab check</c>: can torch load here, and what did the runtime choose?</summary>
public sealed class CheckCommand : Command
{
    readonly CommonOptions _common;

    public CheckCommand(CommonOptions common) : base("check", "Show versions, device, threads and the native fixes; exit 3 with a clear message when torch cannot load")
    {
        _common = common;
        SetAction(Run);
    }

    int Run(ParseResult parse)
    {
        var rt = _common.InitRuntime(parse, quiet: true);
        using var sum = torch.ones(3, device: rt.Device).sum();
        float value = sum.item<float>();
        Console.WriteLine($"GanLab         {TorchRuntime.LibraryVersion}");
        Console.WriteLine($"TorchSharp     {TorchRuntime.TorchSharpVersion}");
        Console.WriteLine($".NET           {Environment.Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine($"device         {rt.Device}");
        Console.WriteLine($"threads        {rt.Threads} (of {Environment.ProcessorCount} logical cores)");
        Console.WriteLine($"seed           {rt.Seed}");
        Console.WriteLine($"Debian fix     {(rt.NativeFixApplied ? "applied: " + rt.NativeFixNote : "not needed" + (rt.NativeFixNote is null ? "" : $" ({rt.NativeFixNote})"))}");
        Console.WriteLine($"oneDNN         {rt.OneDnnNote ?? "full instruction set"}");
        Console.WriteLine($"torch works    ones(3).sum() = {value}");
        return value == 3f ? 0 : 1;
    }
}
