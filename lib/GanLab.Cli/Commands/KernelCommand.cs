using System.CommandLine;
using System.Reflection;
using GanLab.Kernel;
using GanLab.Notebooks.Execution;

namespace GanLab.Cli.Commands;

/// <summary>
/// <c>ganlab kernel install [--user | --prefix DIR]</c> and <c>ganlab kernel uninstall [--user | --prefix DIR]</c>:
/// registers (or removes) GanLab's C# Jupyter kernel. <c>--user</c> (the default) writes to the user's Jupyter data
/// folder; <c>--prefix DIR</c> to <c>DIR/share/jupyter</c> (a conda environment, or a test's folder found through
/// JUPYTER_PATH).
/// </summary>
public sealed class KernelCommand : Command
{
    public KernelCommand() : base("kernel", "Register GanLab's C# Jupyter kernel (\"C# (GanLab)\") for VS Code, JupyterLab and Notebook, or remove it")
    {
        Subcommands.Add(Verb("install", "Write the kernelspec ganlab-csharp (the course notebooks name it)", InstallAndReport));
        Subcommands.Add(Verb("uninstall", "Remove that kernelspec", UninstallAndReport));
    }

    static Command Verb(string name, string description, Action<string?> act)
    {
        var user = new Option<bool>("--user") { Description = "In the user's Jupyter data folder (the default)" };
        var prefix = new Option<string>("--prefix") { Description = "In DIR/share/jupyter (a conda environment, or a folder Jupyter finds through JUPYTER_PATH)", HelpName = "DIR" };
        var command = new Command(name, description) { Options = { user, prefix } };
        command.SetAction(parse =>
        {
            string? dir = parse.GetValue(prefix);
            if (parse.GetValue(user) && dir is not null) throw new CliException("Give --user or --prefix DIR, not both.");
            act(dir);
            return 0;
        });
        return command;
    }

    static void InstallAndReport(string? prefix)
    {
        string json = Install(prefix);
        Console.WriteLine($"installed the kernelspec {CSharpKernel.Name} (\"{KernelSpec.DisplayName}\") in {Path.GetDirectoryName(json)}");
        Console.WriteLine($"it starts: {string.Join(" ", KernelSpec.KernelJson(DotnetHost.Executable(), BuiltKernel()!)["argv"]!.AsArray())}");
        Console.WriteLine(prefix is null
            ? "Open a notebook in VS Code (Jupyter extension), JupyterLab or Notebook and pick \"C# (GanLab)\"; the course notebooks name it."
            : $"Jupyter finds it with JUPYTER_PATH={KernelSpec.PrefixDataFolder(prefix)} (or when {prefix} is the Python environment's prefix).");
    }

    static void UninstallAndReport(string? prefix)
    {
        string folder = KernelSpec.Folder(prefix is null ? KernelSpec.UserDataFolder() : KernelSpec.PrefixDataFolder(prefix));
        Console.WriteLine(Uninstall(prefix) ? $"removed {folder}" : $"nothing to remove: no kernelspec at {folder}");
    }

    /// <summary>Writes the kernelspec for the kernel built with this CLI; returns the kernel.json path.</summary>
    /// <param name="prefix">An installation prefix (kernelspec in <c>PREFIX/share/jupyter/kernels</c>), or null for the user's Jupyter data folder.</param>
    /// <exception cref="CliException">The kernel has not been built.</exception>
    public static string Install(string? prefix)
    {
        string dll = BuiltKernel() ?? throw new CliException("This ganlab build does not know where its kernel is; build the solution: dotnet build GanLab.sln -c Release");
        if (!File.Exists(dll))
            throw new CliException($"The kernel is not built at {dll}. Build it first (launching a kernel never builds): dotnet build lib/GanLab.Kernel -c Release");
        string data = prefix is null ? KernelSpec.UserDataFolder() : KernelSpec.PrefixDataFolder(prefix);
        return KernelSpec.Write(KernelSpec.Folder(data), DotnetHost.Executable(), dll);
    }

    /// <summary>Removes the kernelspec; false when there was none.</summary>
    public static bool Uninstall(string? prefix)
    {
        string folder = KernelSpec.Folder(prefix is null ? KernelSpec.UserDataFolder() : KernelSpec.PrefixDataFolder(prefix));
        if (!Directory.Exists(folder)) return false;
        Directory.Delete(folder, recursive: true);
        return true;
    }

    /// <summary>The kernel dll built with this CLI (same configuration and torch backend), recorded at build time.</summary>
    public static string? BuiltKernel() =>
        typeof(KernelCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "GanLab.KernelPath")?.Value;
}
