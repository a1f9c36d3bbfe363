namespace GanLab.Runtime;

/// <summary>Where GanLab keeps files it can rebuild: the patched native wrapper, decoded data-set caches.</summary>
public static class GanLabCache
{
    /// <summary>Environment variable that moves the cache.</summary>
    public const string Variable = "GANLAB_CACHE_DIR";

    /// <summary>$GANLAB_CACHE_DIR, else $XDG_CACHE_HOME/ganlab, else ~/.cache/ganlab (created on demand by users).</summary>
    public static string Directory
    {
        get
        {
            string? explicitDir = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "ganlab");
        }
    }
}
