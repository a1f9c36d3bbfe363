using GanLab.Kernel;

// GanLab's C# Jupyter kernel. Jupyter front ends start it as the kernelspec says:
//   dotnet GanLab.Kernel.dll -f {connection_file}
string? path = args.Length == 2 && args[0] is "-f" or "--connection-file" ? args[1]
    : args.Length == 1 && args[0].StartsWith("--connection-file=", StringComparison.Ordinal) ? args[0]["--connection-file=".Length..]
    : args.Length == 1 && !args[0].StartsWith('-') ? args[0]
    : null;
if (path is null)
{
    Console.Error.WriteLine("usage: dotnet GanLab.Kernel.dll -f <connection file>");
    Console.Error.WriteLine("GanLab's C# Jupyter kernel is started by a Jupyter front end; register it with `ganlab kernel install`.");
    return 2;
}
var log = Console.Error;
try
{
    var connection = ConnectionFile.Load(path.Trim('"'));
    using var kernel = CSharpKernel.Start(connection, log);
    return kernel.WaitForShutdown();
}
catch (KernelStartException e)
{
    log.WriteLine($"{CSharpKernel.Name}: {e.Message}");
    return 3;
}
