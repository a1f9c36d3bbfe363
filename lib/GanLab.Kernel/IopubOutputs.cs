using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanLab.Kernel.Wire;
using GanLab.Notebooks;
using GanLab.Notebooks.Execution;

namespace GanLab.Kernel;

/// <summary>
/// The kernel's door on the execution core: a running cell's outputs go out on IOPub as they happen, answering the
/// execute request that runs it. Console text is batched (sent every <see cref="FlushEvery"/>, or at once past
/// <see cref="MaxBatch"/> characters, and always before any other output) so a cell printing megabytes costs a few
/// messages a second, not one per line. <c>display(x)</c> goes out as display_data with <c>transient.display_id</c>;
/// <c>Update</c> as update_display_data naming the same id. A silent request publishes nothing. Output that comes after
/// its cell ended (a background thread) goes out under the last request.
/// </summary>
sealed class IopubOutputs : IOutputReceiver, IDisposable
{
    /// <summary>How often pending console text is sent.</summary>
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>Pending console text past which it is sent at once.</summary>
    public const int MaxBatch = 256 * 1024;

    readonly Action<string, JsonObject, JupyterMessage> _publish;
    readonly object _gate = new();
    readonly List<(string Name, StringBuilder Text)> _pending = new();
    readonly Timer _timer;
    int _pendingChars;
    JupyterMessage? _parent;
    bool _silent;

    /// <param name="publish">Sends one IOPub message (type, content, parent request).</param>
    public IopubOutputs(Action<string, JsonObject, JupyterMessage> publish)
    {
        _publish = publish;
        _timer = new Timer(_ => { lock (_gate) Flush(); }, null, FlushEvery, FlushEvery);
    }

    /// <summary>Outputs from now on answer <paramref name="parent"/>; a silent request's are not published.</summary>
    public void Begin(JupyterMessage parent, bool silent)
    {
        lock (_gate)
        {
            Flush();
            (_parent, _silent) = (parent, silent);
        }
    }

    /// <summary>Sends what is pending: the request's outputs are all out before its idle status.</summary>
    public void End()
    {
        lock (_gate) Flush();
    }

    public void Stream(string name, string text)
    {
        lock (_gate)
        {
            if (_silent || _parent is null) return;
            if (_pending.Count == 0 || _pending[^1].Name != name) _pending.Add((name, new StringBuilder()));
            _pending[^1].Text.Append(text);
            _pendingChars += text.Length;
            if (_pendingChars >= MaxBatch) Flush();
        }
    }

    public void Output(CellOutput output)
    {
        lock (_gate)
        {
            Flush();
            if (_silent || _parent is null) return;
            switch (output.OutputType)
            {
                case "display_data":
                    var display = new JsonObject { ["data"] = Bundle(output.Data), ["metadata"] = new JsonObject() };
                    if (output.DisplayId is { } id) display["transient"] = new JsonObject { ["display_id"] = id };
                    _publish("display_data", display, _parent);
                    break;
                case "execute_result":
                    _publish("execute_result", new JsonObject
                    {
                        ["execution_count"] = output.ExecutionCount, ["data"] = Bundle(output.Data), ["metadata"] = new JsonObject(),
                    }, _parent);
                    break;
                case "error":
                    _publish("error", Error(output), _parent);
                    break;
                case "stream":
                    _publish("stream", new JsonObject { ["name"] = output.Name, ["text"] = output.Text }, _parent);
                    break;
            }
        }
    }

    public void Update(string displayId, Dictionary<string, string> data)
    {
        lock (_gate)
        {
            Flush();
            if (_silent || _parent is null) return;
            _publish("update_display_data", new JsonObject
            {
                ["data"] = Bundle(data), ["metadata"] = new JsonObject(), ["transient"] = new JsonObject { ["display_id"] = displayId },
            }, _parent);
        }
    }

    /// <summary>An error output's content (also an execute_reply's, with a status added).</summary>
    public static JsonObject Error(CellOutput error) => new()
    {
        ["ename"] = error.EName,
        ["evalue"] = error.EValue,
        ["traceback"] = new JsonArray(error.Traceback.Select(line => (JsonNode?)JsonValue.Create(line)).ToArray()),
    };

    /// <summary>A MIME bundle: text as strings, JSON types as JSON.</summary>
    static JsonObject Bundle(Dictionary<string, string> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, value) in data)
        {
            JsonNode? node = JsonValue.Create(value);
            if (mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal))
                try { node = JsonNode.Parse(value); } catch (JsonException) { }
            bundle[mime] = node;
        }
        return bundle;
    }

    void Flush()
    {
        if (_pending.Count == 0) return;
        if (_parent is not null)
            foreach (var (name, text) in _pending)
                _publish("stream", new JsonObject { ["name"] = name, ["text"] = text.ToString() }, _parent);
        _pending.Clear();
        _pendingChars = 0;
    }

    public void Dispose()
    {
        _timer.Dispose();
        End();
    }
}
