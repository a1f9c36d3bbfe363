using System.Text;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// Where a running cell's outputs go: console text becomes <c>stream</c> outputs (consecutive writes to the same
/// stream are merged, as Jupyter does), <c>display(x)</c> adds <c>display_data</c>. Thread-safe: training loops
/// may write from other threads.
/// </summary>
sealed class OutputSink
{
    List<CellOutput>? _outputs;

    /// <summary>Guards the outputs of every cell (also those an <c>Update</c> changes later).</summary>
    public object Gate { get; } = new();

    public void Begin(List<CellOutput> outputs)
    {
        lock (Gate) _outputs = outputs;
    }

    public void End()
    {
        lock (Gate) _outputs = null;
    }

    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (Gate)
        {
            if (_outputs is null) return; // a runaway cell after a timeout: nothing is recorded any more
            if (_outputs.Count > 0 && _outputs[^1] is { OutputType: "stream" } last && last.Name == stream) last.Text += text;
            else _outputs.Add(CellOutput.Stream(stream, text));
        }
    }

    public CellOutput Add(CellOutput output)
    {
        lock (Gate) _outputs?.Add(output);
        return output;
    }

    /// <summary>A console writer that feeds one stream (stdout or stderr) of the running cell.</summary>
    public TextWriter Writer(string stream) => new StreamWriter(this, stream);

    sealed class StreamWriter(OutputSink sink, string stream) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => sink.Write(stream, value.ToString());
        public override void Write(string? value) => sink.Write(stream, value ?? "");
        public override void Write(char[] buffer, int index, int count) => sink.Write(stream, new string(buffer, index, count));
        public override void WriteLine(string? value) => sink.Write(stream, (value ?? "") + "\n");
        public override void WriteLine() => sink.Write(stream, "\n");
    }
}
