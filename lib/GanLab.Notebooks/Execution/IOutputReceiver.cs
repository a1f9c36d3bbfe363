namespace GanLab.Notebooks.Execution;

/// <summary>
/// Where a session's outputs go, as they happen: each door of the execution core is one. The notebook runner keeps
/// them in the notebook's cells (<c>ganlab run</c>, the course book); the Jupyter kernel publishes them on IOPub.
/// Called from any thread: a training loop may print or update a display from a worker thread.
/// </summary>
public interface IOutputReceiver
{
    /// <summary>Text written to <paramref name="name"/> (stdout or stderr), in pieces, as written.</summary>
    void Stream(string name, string text);

    /// <summary>A display_data (with its <see cref="CellOutput.DisplayId"/>), an execute_result or an error.</summary>
    void Output(CellOutput output);

    /// <summary>New data for the display named <paramref name="displayId"/>, shown earlier (maybe by an earlier cell).</summary>
    void Update(string displayId, Dictionary<string, string> data);
}
