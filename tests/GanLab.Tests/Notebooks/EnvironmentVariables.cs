namespace GanLab.Tests.Notebooks;

/// <summary>Sets environment variables for one test and puts the earlier values back when disposed (tests run one at a time).</summary>
sealed class EnvironmentVariables : IDisposable
{
    readonly (string Name, string? Before)[] _before;

    public EnvironmentVariables(params (string Name, string? Value)[] values)
    {
        _before = values.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
        foreach (var (name, value) in values) Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, before) in _before) Environment.SetEnvironmentVariable(name, before);
    }
}
