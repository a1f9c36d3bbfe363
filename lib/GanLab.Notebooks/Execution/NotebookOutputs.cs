using System.Text;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// The notebook runner's door: outputs go into the running cell's list, consecutive writes to one stream are merged
/// (as Jupyter does), and an update replaces the data of the display it names, in whichever cell that is (a headless
/// run keeps the final state). Outputs that arrive while no cell runs (a stopped cell's thread going on) are dropped.
/// </summary>
sealed class NotebookOutputs : IOutputReceiver
{
    readonly object _gate = new();
    readonly Dictionary<string, CellOutput> _displays = new(StringComparer.Ordinal);
    readonly StringBuilder _streamText = new();
    List<CellOutput>? _cell;
    CellOutput? _stream;

    public void Begin(List<CellOutput> outputs)
    {
        lock (_gate) (_cell, _stream) = (outputs, null);
    }

    public void End()
    {
        lock (_gate)
        {
            CloseStream();
            _cell = null;
        }
    }

    public void Stream(string name, string text)
    {
        lock (_gate)
        {
            if (_cell is null) return;
            if (_stream?.Name != name)
            {
                CloseStream();
                _stream = CellOutput.Stream(name, "");
                _cell.Add(_stream);
            }
            _streamText.Append(text);
        }
    }

    public void Output(CellOutput output)
    {
        lock (_gate)
        {
            if (_cell is null) return;
            CloseStream();
            _cell.Add(output);
            if (output.DisplayId is { } id) _displays[id] = output;
        }
    }

    public void Update(string displayId, Dictionary<string, string> data)
    {
        lock (_gate)
            if (_displays.TryGetValue(displayId, out var output)) output.Data = data;
    }

    /// <summary>The stream being written gets its text (kept in a builder meanwhile: megabytes of prints stay linear).</summary>
    void CloseStream()
    {
        if (_stream is null) return;
        _stream.Text = _streamText.ToString();
        _streamText.Clear();
        _stream = null;
    }
}
