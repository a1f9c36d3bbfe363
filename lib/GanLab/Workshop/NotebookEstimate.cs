namespace GanLab.Workshop;

/// <summary>A course notebook's estimated workshop time on one machine, in parts that say what takes the time.</summary>
/// <param name="Notebook">The notebook's file name, for example <c>03-dcgan-faces.ipynb</c>.</param>
/// <param name="Parts">What the notebook does and the seconds each is expected to take, largest work first.</param>
public sealed record NotebookEstimate(string Notebook, IReadOnlyList<(string What, double Seconds)> Parts)
{
    /// <summary>The whole notebook, in seconds.</summary>
    public double Seconds => Parts.Sum(p => p.Seconds);

    /// <summary>"3 min 5 s: 1,560 DCGAN steps 2 min 35 s, ...".</summary>
    public override string ToString() =>
        $"{StepBudget.Duration(Seconds)}: {string.Join(", ", Parts.Where(p => p.Seconds >= 0.5).Select(p => $"{p.What} {StepBudget.Duration(p.Seconds)}"))}";
}
