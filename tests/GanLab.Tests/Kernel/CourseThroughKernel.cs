using GanLab.Notebooks;
using GanLab.Tests.Notebooks;

namespace GanLab.Tests.Kernel;

/// <summary>
/// The course in smoke mode through one Jupyter kernel under nbclient, as a learner's front end runs it: each notebook
/// prepared as <c>ganlab run --smoke</c> prepares it (<see cref="SmokeCopy"/>), run in a fresh kernel started in
/// notebooks/ (so the setup cell's <c>../lib/...</c> resolves), all nine in one nbclient process with up to
/// <see cref="Parallel"/> kernels at once. The run happens once, when the first notebook's result is asked for;
/// each test then checks its own notebook. Executed copies are kept under the test output's artifacts.
/// </summary>
sealed class CourseThroughKernel
{
    readonly Lazy<IReadOnlyDictionary<string, (NbClient.Result Run, string Written)>> _runs;

    /// <param name="sandbox">Where the kernelspec is.</param>
    /// <param name="kernelName">The kernelspec's name.</param>
    /// <param name="artifacts">A folder name under the test output's artifacts for the executed copies.</param>
    /// <param name="parallel">Kernels at once (see <see cref="Parallel"/>).</param>
    public CourseThroughKernel(JupyterSandbox sandbox, string kernelName, string artifacts, int parallel)
    {
        KernelName = kernelName;
        Parallel = parallel;
        _runs = new(() =>
        {
            string prepared = NotebookFiles.TempFolder();
            string written = Path.GetFullPath(Path.Combine(NotebookFiles.Artifacts(), "..", artifacts));
            Directory.CreateDirectory(written);
            var names = CourseRuns.Names();
            var jobs = names.Select(name => (SmokeCopy.Write(Path.Combine(CourseRuns.Folder, name), prepared), Path.Combine(written, name))).ToList();
            var results = NbClient.Run(sandbox, kernelName, jobs, CourseRuns.Folder, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(40), parallel);
            return names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => (results[p.i], jobs[p.i].Item2));
        });
    }

    public string KernelName { get; }

    /// <summary>
    /// Kernels at once. A notebook in smoke mode spends most of its time starting the kernel and compiling cells on
    /// one thread, so on the 2-core CI machine a second kernel uses the other core (GanLab's kernel: 2).
    /// </summary>
    public int Parallel { get; }

    /// <summary>
    /// <paramref name="name"/> as the kernel ran it (running the course first if no test has yet): fails the test when a
    /// cell failed or the executed copy does not validate.
    /// </summary>
    public (Notebook Executed, string Timing) Run(string name)
    {
        var (run, written) = _runs.Value[name];
        Assert.True(run.Failure is null, $"{name} failed in kernel {KernelName} (executed copy: {written}):\n{run.Failure}");
        NotebookFiles.AssertValid(written);
        var errors = run.Executed.Cells.SelectMany(c => c.Outputs).Where(o => o.OutputType == "error").Select(o => $"{o.EName}: {o.EValue}").ToList();
        Assert.True(errors.Count == 0, $"{name} in kernel {KernelName}:\n{string.Join("\n", errors)}");
        string timing = $"{run.Elapsed.TotalSeconds:F1} s in kernel {KernelName} ({Parallel} at once; load {File.ReadAllText("/proc/loadavg").Trim()})"
            + (run.Retried is { } why ? $"; its kernel was started twice, the first died before its first cell: {why}" : "");
        return (run.Executed, timing);
    }
}
