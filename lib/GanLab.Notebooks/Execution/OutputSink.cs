using System.Text;
using GanLab.Notebooks.Display;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// A session's one way out for outputs: console writers for stdout and stderr, and what <c>display(x)</c> and
/// <c>Update</c> send. Everything goes straight on to the door's <see cref="IOutputReceiver"/>, with one change: the
/// copy of plotly.js that a session's first chart carries goes out as an output of its own, just before that chart,
/// so updating the chart (a live training view) never drops it, and a saved notebook still draws its charts.
/// </summary>
sealed class OutputSink(IOutputReceiver receiver)
{
    public void Write(string stream, string text)
    {
        if (text.Length > 0) receiver.Stream(stream, text);
    }

    public void Add(CellOutput output)
    {
        if (output.OutputType is "display_data" or "execute_result" && output.Data.TryGetValue(ValueFormatter.Html, out string? html)
            && PlotlyScript.Split(html) is ({ } script, var rest))
        {
            receiver.Output(CellOutput.Display(new Dictionary<string, string> { [ValueFormatter.Html] = script, [ValueFormatter.PlainText] = $"(plotly.js {PlotlyScript.Version}, for the charts below)" }));
            output.Data[ValueFormatter.Html] = rest;
        }
        receiver.Output(output);
    }

    public void Update(string displayId, Dictionary<string, string> data) => receiver.Update(displayId, data);

    /// <summary>A console writer that feeds one stream (stdout or stderr).</summary>
    public TextWriter Writer(string stream) => new StreamWriter(this, stream);

    sealed class StreamWriter(OutputSink sink, string stream) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => sink.Write(stream, value.ToString());
        public override void Write(string? value) => sink.Write(stream, value ?? "");
        public override void Write(char[] buffer, int index, int count) => sink.Write(stream, new string(buffer, index, count));
        public override void Write(ReadOnlySpan<char> buffer) => sink.Write(stream, new string(buffer));
        public override void WriteLine(string? value) => sink.Write(stream, (value ?? "") + "\n");
        public override void WriteLine(ReadOnlySpan<char> buffer) => sink.Write(stream, string.Concat(buffer, "\n"));
        public override void WriteLine() => sink.Write(stream, "\n");
    }
}
