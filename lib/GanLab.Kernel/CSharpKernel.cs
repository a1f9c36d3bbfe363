using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using GanLab.Kernel.Wire;
using GanLab.Notebooks.Execution;
using NetMQ;
using NetMQ.Sockets;
using static GanLab.Kernel.Wire.JupyterMessage;

namespace GanLab.Kernel;

/// <summary>
/// GanLab's C# Jupyter kernel: the notebook engine's <see cref="ExecutionSession"/> behind the Jupyter messaging
/// protocol over ZeroMQ.
/// </summary>
/// <remarks>
/// <para>Threads: one poller thread owns the shell, control, stdin and IOPub sockets (every send goes through its
/// queue, so messages leave in the order they were made); the heartbeat echoes on its own thread; shell requests are
/// handled one after another on the request thread, so a long cell queues the requests behind it, as in ipykernel;
/// cells run on the session's cell thread. Control requests (kernel_info, interrupt, shutdown) are answered at once,
/// and so is an interrupt_request on the shell channel (VS Code sends it there).</para>
/// <para>Every incoming message's HMAC-SHA256 signature is checked; a message with a bad signature, or one that is not
/// a Jupyter message, is logged on stderr and dropped, never handled. IOPub status goes busy and idle around every
/// request handled.</para>
/// </remarks>
public sealed class CSharpKernel : IDisposable
{
    /// <summary>The kernelspec name (and the implementation name in kernel_info).</summary>
    public const string Name = "ganlab-csharp";

    readonly ConnectionFile _connection;
    readonly TextWriter _log;
    readonly MessageCodec _codec;
    readonly string _sessionId = Guid.NewGuid().ToString();
    readonly RouterSocket _shell = new(), _control = new(), _stdin = new();
    readonly PublisherSocket _iopub = new();
    readonly ResponseSocket _heartbeat = new();
    readonly NetMQQueue<Action> _outgoing = new();
    readonly NetMQPoller _poller;
    readonly BlockingCollection<JupyterMessage> _requests = new();
    readonly ManualResetEventSlim _stopped = new();
    readonly ExecutionSession _session;
    readonly IopubOutputs _outputs;
    readonly object _runningGate = new();
    readonly JsonObject _kernelInfo;
    readonly PosixSignalRegistration? _sigint;
    CancellationTokenSource? _running;
    int _executionCount;

    CSharpKernel(ConnectionFile connection, TextWriter log)
    {
        _connection = connection;
        _log = log;
        _codec = new MessageCodec(connection.Key);
        Bind(_shell, connection.ShellPort, "shell");
        Bind(_control, connection.ControlPort, "control");
        Bind(_stdin, connection.StdinPort, "stdin");
        Bind(_iopub, connection.IopubPort, "iopub");
        Bind(_heartbeat, connection.HbPort, "heartbeat");

        _outputs = new IopubOutputs(Publish);
        _session = new ExecutionSession(_outputs, Name);
        _kernelInfo = KernelInfo();
        _poller = new NetMQPoller { _shell, _control, _stdin, _iopub, _outgoing };
        _shell.ReceiveReady += (_, e) => ReceiveAll(e.Socket, _shell);
        _control.ReceiveReady += (_, e) => ReceiveAll(e.Socket, _control);
        _stdin.ReceiveReady += (_, e) => ReceiveAll(e.Socket, _stdin);
        _outgoing.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var send, TimeSpan.Zero)) send();
        };
        // A front end that ignores "interrupt_mode": "message" sends SIGINT: interrupt the cell rather than die.
        try { _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; Interrupt(); }); }
        catch (PlatformNotSupportedException) { }
    }

    /// <summary>Binds the sockets of <paramref name="connection"/>, starts serving and returns; <paramref name="log"/> gets the kernel's own messages.</summary>
    /// <exception cref="KernelStartException">A port is taken, or the address cannot be bound.</exception>
    public static CSharpKernel Start(ConnectionFile connection, TextWriter log)
    {
        var kernel = new CSharpKernel(connection, log);
        Console.SetOut(kernel._session.StandardOutput);
        Console.SetError(kernel._session.StandardError);
        new Thread(kernel.Heartbeat) { IsBackground = true, Name = "heartbeat" }.Start();
        new Thread(kernel.HandleRequests) { IsBackground = true, Name = "shell requests" }.Start();
        kernel._poller.RunAsync("zeromq", isBackgroundThread: true);
        kernel.Publish("status", new JsonObject { ["execution_state"] = "starting" }, null);
        ThreadPool.QueueUserWorkItem(_ => ExecutionSession.WarmUp());
        kernel.Log($"listening on {connection.Ip}, shell port {connection.ShellPort} (pid {Environment.ProcessId})");
        return kernel;
    }

    /// <summary>Blocks until a shutdown request has been answered; returns the process exit code.</summary>
    public int WaitForShutdown()
    {
        _stopped.Wait();
        return 0;
    }

    void Bind(NetMQSocket socket, int port, string channel)
    {
        socket.Options.Linger = TimeSpan.FromSeconds(1);
        try { socket.Bind(_connection.Address(port)); }
        catch (AddressAlreadyInUseException e)
        {
            DisposeSockets();
            throw new KernelStartException($"Port {port} on {_connection.Ip} (the {channel} channel) is already in use by another program. " +
                "The front end chose the ports in the connection file: start the kernel again (a fresh connection file gets free ports), or stop the program that holds the port.", e);
        }
        catch (NetMQException e)
        {
            DisposeSockets();
            throw new KernelStartException($"Cannot listen on {_connection.Address(port)} (the {channel} channel): {e.Message}. Check \"ip\" in the connection file.", e);
        }
    }

    // ---- receiving

    void ReceiveAll(NetMQSocket socket, RouterSocket channel)
    {
        var frames = new List<byte[]>();
        while (socket.TryReceiveMultipartBytes(ref frames))
        {
            string name = channel == _shell ? "shell" : channel == _control ? "control" : "stdin";
            var message = _codec.Decode(frames, out var problem, out string why);
            if (message is null)
            {
                Log(problem == MessageCodec.Problem.BadSignature
                    ? $"dropped a message on {name}: {why}; it was not handled"
                    : $"dropped a malformed message on {name} ({frames.Count} frames): {why}");
                continue;
            }
            if (channel == _stdin) continue; // no input_request is ever sent, so nothing is expected here
            if (channel == _control || message.MsgType is "interrupt_request" or "shutdown_request")
                Handle(message, channel);    // at once, even while a cell runs
            else _requests.Add(message);
        }
    }

    void HandleRequests()
    {
        foreach (var request in _requests.GetConsumingEnumerable())
            Handle(request, _shell);
    }

    void Handle(JupyterMessage request, RouterSocket channel)
    {
        Publish("status", new JsonObject { ["execution_state"] = "busy" }, request);
        try
        {
            switch (request.MsgType)
            {
                case "kernel_info_request": Reply(channel, request, "kernel_info_reply", (JsonObject)_kernelInfo.DeepClone()); break;
                case "execute_request": Execute(request, channel); break;
                case "is_complete_request": IsComplete(request, channel); break;
                case "complete_request": Complete(request, channel); break;
                case "inspect_request": Inspect(request, channel); break;
                case "comm_info_request": Reply(channel, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() }); break;
                case "history_request": Reply(channel, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() }); break;
                case "interrupt_request":
                    Interrupt();
                    Reply(channel, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                    break;
                case "shutdown_request": Shutdown(request, channel); return;
                case "comm_open":
                    // No comm targets here: close it at once, as the protocol asks, so the front end is not left waiting.
                    Publish("comm_close", new JsonObject { ["comm_id"] = Text(request.Content, "comm_id"), ["data"] = new JsonObject() }, request);
                    break;
                case "comm_msg" or "comm_close": break;
                default: Unknown(request, channel); break;
            }
        }
        catch (Exception e)
        {
            Log($"{request.MsgType} failed: {e}");
            if (request.MsgType.EndsWith("_request", StringComparison.Ordinal))
                Reply(channel, request, request.MsgType[..^"_request".Length] + "_reply", ErrorContent(e.GetType().Name, $"The kernel failed to handle {request.MsgType}: {e.Message}"));
        }
        Publish("status", new JsonObject { ["execution_state"] = "idle" }, request);
    }

    // ---- shell requests

    void Execute(JupyterMessage request, RouterSocket channel)
    {
        string code = Text(request.Content, "code");
        bool silent = Flag(request.Content, "silent", false);
        bool store = !silent && Flag(request.Content, "store_history", true);
        int count = store ? ++_executionCount : _executionCount;
        if (!silent) Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);

        using var interrupt = new CancellationTokenSource();
        lock (_runningGate) _running = interrupt;
        _outputs.Begin(request, silent);
        CellResult result;
        try { result = _session.Execute(new CellRequest(code, store ? $"cell [{count}]" : "cell", count), interrupt.Token); }
        finally
        {
            lock (_runningGate) _running = null;
            _outputs.End();
        }

        JsonObject reply;
        if (result.Status == RunStatus.Completed)
            reply = new JsonObject { ["status"] = "ok", ["execution_count"] = count, ["user_expressions"] = new JsonObject(), ["payload"] = new JsonArray() };
        else
        {
            reply = IopubOutputs.Error(result.Error ?? Notebooks.CellOutput.Error("Error", result.Summary ?? "", Array.Empty<string>()));
            reply["status"] = "error";
            reply["execution_count"] = count;
        }
        Reply(channel, request, "execute_reply", reply);
        if (result.Status != RunStatus.Completed && Flag(request.Content, "stop_on_error", true)) AbortQueued();
    }

    /// <summary>After a failed cell (stop_on_error), the execute requests already queued are answered "aborted", as ipykernel does.</summary>
    void AbortQueued()
    {
        var others = new List<JupyterMessage>();
        while (_requests.TryTake(out var queued))
        {
            if (queued.MsgType != "execute_request") { others.Add(queued); continue; }
            Publish("status", new JsonObject { ["execution_state"] = "busy" }, queued);
            Reply(_shell, queued, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = _executionCount });
            Publish("status", new JsonObject { ["execution_state"] = "idle" }, queued);
        }
        foreach (var other in others) Handle(other, _shell);
    }

    void IsComplete(JupyterMessage request, RouterSocket channel)
    {
        string status = ExecutionSession.IsComplete(Text(request.Content, "code"));
        var reply = new JsonObject { ["status"] = status };
        if (status == "incomplete") reply["indent"] = "";
        Reply(channel, request, "is_complete_reply", reply);
    }

    /// <summary>Roslyn completions against the session: members after a dot, else everything in scope (earlier cells' variables included).</summary>
    void Complete(JupyterMessage request, RouterSocket channel)
    {
        string code = Text(request.Content, "code");
        int cursor = request.Content["cursor_pos"] is JsonValue v && v.TryGetValue(out int c) ? c : CodePoints.FromUtf16(code, code.Length);
        var list = _session.Complete(code, CodePoints.ToUtf16(code, cursor));
        int start = CodePoints.FromUtf16(code, list.Start), end = CodePoints.FromUtf16(code, list.End);
        Reply(channel, request, "complete_reply", new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(list.Items.Select(i => (JsonNode?)JsonValue.Create(i.Text)).ToArray()),
            ["cursor_start"] = start,
            ["cursor_end"] = end,
            // JupyterLab shows each match's kind and signature from here.
            ["metadata"] = new JsonObject
            {
                ["_jupyter_types_experimental"] = new JsonArray(list.Items.Select(i => (JsonNode?)new JsonObject
                {
                    ["start"] = start, ["end"] = end, ["text"] = i.Text, ["type"] = i.Kind, ["signature"] = i.Signature,
                }).ToArray()),
            },
        });
    }

    /// <summary>The signature and doc summary of the symbol at the cursor (JupyterLab's contextual help, Shift+Tab in Notebook).</summary>
    void Inspect(JupyterMessage request, RouterSocket channel)
    {
        string code = Text(request.Content, "code");
        int cursor = request.Content["cursor_pos"] is JsonValue v && v.TryGetValue(out int c) ? c : CodePoints.FromUtf16(code, code.Length);
        string? text = _session.Inspect(code, CodePoints.ToUtf16(code, cursor));
        Reply(channel, request, "inspect_reply", new JsonObject
        {
            ["status"] = "ok",
            ["found"] = text is not null,
            ["data"] = text is null ? new JsonObject() : new JsonObject { ["text/plain"] = text },
            ["metadata"] = new JsonObject(),
        });
    }

    void Unknown(JupyterMessage request, RouterSocket channel)
    {
        Log($"unknown message type '{request.MsgType}' on {(channel == _shell ? "shell" : "control")}: answered with an error");
        if (request.MsgType.EndsWith("_request", StringComparison.Ordinal))
            Reply(channel, request, request.MsgType[..^"_request".Length] + "_reply",
                ErrorContent("UnknownMessageType", $"This kernel does not handle '{request.MsgType}'."));
    }

    // ---- control requests

    /// <summary>Stops the running cell (if any): see <see cref="ExecutionSession"/>.</summary>
    void Interrupt()
    {
        lock (_runningGate)
        {
            if (_running is null) return;
            Log("interrupting the running cell");
            _running.Cancel();
        }
    }

    /// <summary>Answers, then ends the process: a restart is a new process (the front end starts it), so a fresh session.</summary>
    void Shutdown(JupyterMessage request, RouterSocket channel)
    {
        bool restart = Flag(request.Content, "restart", false);
        Log(restart ? "shutting down to restart" : "shutting down");
        Interrupt();
        Reply(channel, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
        Publish("status", new JsonObject { ["execution_state"] = "idle" }, request);
        _outgoing.Enqueue(() => _stopped.Set()); // after everything before it has been sent
    }

    JsonObject KernelInfo()
    {
        string version = typeof(CSharpKernel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
        return new JsonObject
        {
            ["status"] = "ok",
            ["protocol_version"] = ProtocolVersion,
            ["implementation"] = Name,
            ["implementation_version"] = version,
            ["language_info"] = new JsonObject
            {
                ["name"] = "C#",
                ["version"] = ExecutionSession.LanguageVersion,
                ["mimetype"] = "text/x-csharp",
                ["file_extension"] = ".cs",
                ["pygments_lexer"] = "csharp",
                ["codemirror_mode"] = "text/x-csharp",
                ["nbconvert_exporter"] = "script",
            },
            ["banner"] = $"GanLab C# kernel {version}: C# {ExecutionSession.LanguageVersion} scripting on .NET {Environment.Version}",
            ["debugger"] = false,
            ["help_links"] = new JsonArray(),
        };
    }

    // ---- sending

    static JsonObject ErrorContent(string ename, string evalue) => new()
    {
        ["status"] = "error", ["ename"] = ename, ["evalue"] = evalue, ["traceback"] = new JsonArray(JsonValue.Create($"{ename}: {evalue}")),
    };

    void Reply(RouterSocket channel, JupyterMessage request, string msgType, JsonObject content) =>
        Send(channel, Create(msgType, content, _sessionId, request));

    void Publish(string msgType, JsonObject content, JupyterMessage? parent) =>
        Send(_iopub, Create(msgType, content, _sessionId, parent, new[] { System.Text.Encoding.UTF8.GetBytes($"kernel.{_sessionId}.{msgType}") }));

    void Send(NetMQSocket socket, JupyterMessage message)
    {
        var frames = _codec.Encode(message);
        if (!_outgoing.IsDisposed) _outgoing.Enqueue(() => socket.SendMultipartBytes(frames));
    }

    void Heartbeat()
    {
        var frames = new List<byte[]>();
        try
        {
            while (!_stopped.IsSet)
                if (_heartbeat.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(200), ref frames))
                    _heartbeat.SendMultipartBytes(frames);
        }
        catch (Exception e) when (e is ObjectDisposedException or TerminatingException) { }
    }

    void Log(string message) => _log.WriteLine($"[{Name} {DateTime.Now:HH:mm:ss.fff}] {message}");

    void DisposeSockets()
    {
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat })
            try { socket.Dispose(); } catch (Exception e) when (e is ObjectDisposedException or NetMQException) { }
    }

    /// <summary>Stops serving and closes the sockets (pending messages get a second to leave).</summary>
    public void Dispose()
    {
        _requests.CompleteAdding();
        _outputs.Dispose();
        if (_poller.IsRunning) _poller.Stop();
        _poller.Dispose();
        _outgoing.Dispose();
        _stopped.Set();
        Thread.Sleep(250); // the heartbeat thread leaves its receive loop
        DisposeSockets();
        _sigint?.Dispose();
        _session.Dispose();
    }
}
