using System.Runtime.CompilerServices;
using GanLab.Workshop;

namespace GanLab.Tests;

/// <summary>
/// The speed figures a test run measures (the course notebooks measure the machine on their first run) are taken under
/// the tests' own load: they go to a folder of the test run's (<c>$TMPDIR/ganlab-tests-speed</c>), never to the cache the
/// notebooks and <c>ganlab check</c> read. Set once for the process before any test, so the kernels and notebook runs
/// it starts inherit it.
/// </summary>
static class SpeedFolder
{
#pragma warning disable CA2255   // a module initializer in a test assembly: it must run before any test, in every runner
    [ModuleInitializer]
    internal static void Set()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(MachineSpeed.FolderVariable)))
            Environment.SetEnvironmentVariable(MachineSpeed.FolderVariable, Path.Combine(Path.GetTempPath(), "ganlab-tests-speed"));
    }
#pragma warning restore CA2255
}
