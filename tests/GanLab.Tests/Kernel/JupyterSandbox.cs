using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GanLab.Tests.Kernel;

/// <summary>
/// A throw-away Jupyter installation prefix for one test: kernelspecs go under <c>Prefix/share/jupyter/kernels</c>
/// (what <c>--prefix</c> installs write), and every Jupyter path points inside it, so the tests neither see nor touch the
/// user's kernels, configuration or runtime files (others share this machine).
/// </summary>
sealed class JupyterSandbox : IDisposable
{
    public JupyterSandbox() => Prefix = Directory.CreateTempSubdirectory("ganlab-jupyter-").FullName;

    /// <summary>The prefix folder; <c>ganlab kernel install --prefix</c> takes it.</summary>
    public string Prefix { get; }

    public string KernelsFolder => Path.Combine(Prefix, "share", "jupyter", "kernels");

    /// <summary>Writes a kernelspec folder <paramref name="name"/> holding <paramref name="spec"/> as kernel.json.</summary>
    public void AddKernelspec(string name, JsonObject spec)
    {
        string folder = Path.Combine(KernelsFolder, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "kernel.json"), spec.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Points <paramref name="psi"/>'s Jupyter paths into the sandbox.</summary>
    public void Apply(ProcessStartInfo psi)
    {
        psi.Environment["JUPYTER_PATH"] = Path.Combine(Prefix, "share", "jupyter");
        psi.Environment["JUPYTER_DATA_DIR"] = Path.Combine(Prefix, "data");
        psi.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(Prefix, "config");
        psi.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(Prefix, "runtime");
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
    }

    /// <summary>Debian's Python, where python3-nbclient and jupyter-notebook are installed (not a pyenv or venv one on PATH).</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public void Dispose()
    {
        try { Directory.Delete(Prefix, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
