using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using GanLab.Kernel.Wire;
using NetMQ;
using NetMQ.Sockets;

namespace GanLab.Kernel;

/// <summary>
/// A minimal Jupyter client over ZeroMQ, doing what a front end does: it writes a connection file with free ports and
/// a fresh key, starts the kernel as a kernelspec would, and talks to it on shell, control and IOPub with signed
/// messages. <c>ganlab bench</c> measures the kernel with it (kernel.ready_s, kernel.roundtrip_ms).
/// </summary>
public sealed class KernelClient : IDisposable
{
    readonly Process _process;
    readonly MessageCodec _codec;
    readonly DealerSocket _shell = new(), _control = new();
    readonly SubscriberSocket _iopub = new();
    readonly string _session = Guid.NewGuid().ToString();
    readonly string _folder;

    KernelClient(Process process, ConnectionFile connection, string folder)
    {
        _process = process;
        _folder = folder;
        _codec = new MessageCodec(connection.Key);
        foreach (var socket in new NetMQSocket[] { _shell, _control, _iopub }) socket.Options.Linger = TimeSpan.Zero;
        _shell.Connect(connection.Address(connection.ShellPort));
        _control.Connect(connection.Address(connection.ControlPort));
        _iopub.Connect(connection.Address(connection.IopubPort));
        _iopub.SubscribeToAnyTopic();
    }

    /// <summary>When the kernel process was started.</summary>
    public DateTime Started { get; private init; }

    /// <summary>Starts <c>dotnet KERNEL.dll -f CONNECTION_FILE</c> in <paramref name="workingDirectory"/>.</summary>
    public static KernelClient Launch(string dotnet, string kernelDll, string workingDirectory)
    {
        string folder = Directory.CreateTempSubdirectory("ganlab-kernel-client-").FullName;
        var ports = Enumerable.Range(0, 5).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        ports.ForEach(p => p.Start());
        int Port(int i) => ((IPEndPoint)ports[i].LocalEndpoint).Port;
        var connection = new ConnectionFile("tcp", "127.0.0.1", Port(0), Port(1), Port(2), Port(3), Port(4), Guid.NewGuid().ToString(), "hmac-sha256");
        ports.ForEach(p => p.Stop());
        string file = Path.Combine(folder, "kernel.json");
        File.WriteAllText(file, new JsonObject
        {
            ["transport"] = "tcp", ["ip"] = connection.Ip, ["key"] = connection.Key, ["signature_scheme"] = connection.SignatureScheme,
            ["shell_port"] = connection.ShellPort, ["iopub_port"] = connection.IopubPort, ["stdin_port"] = connection.StdinPort,
            ["control_port"] = connection.ControlPort, ["hb_port"] = connection.HbPort,
        }.ToJsonString());
        var psi = new ProcessStartInfo(dotnet) { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { kernelDll, "-f", file }) psi.ArgumentList.Add(arg);
        psi.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet);
        var started = DateTime.UtcNow;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {dotnet} {kernelDll}.");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new KernelClient(process, connection, folder) { Started = started };
    }

    /// <summary>
    /// Asks kernel_info on shell every 200 ms until a reply and an IOPub message for it have arrived (what
    /// jupyter_client's wait_for_ready does); returns the reply.
    /// </summary>
    public JupyterMessage WaitForReady(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JupyterMessage? reply = null;
        bool iopubSeen = false;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The kernel exited (code {_process.ExitCode}) before it was ready.");
            Send(_shell, "kernel_info_request", new JsonObject());
            var until = DateTime.UtcNow + TimeSpan.FromMilliseconds(200);
            while (DateTime.UtcNow < until && (reply is null || !iopubSeen))
            {
                reply ??= TryReceive(_shell, TimeSpan.FromMilliseconds(10)) is { MsgType: "kernel_info_reply" } r ? r : null;
                while (TryReceive(_iopub, TimeSpan.Zero) is { } io) iopubSeen |= io.ParentHeader["msg_type"]?.GetValue<string>() == "kernel_info_request";
            }
            if (reply is not null && iopubSeen) return reply;
        }
        throw new TimeoutException($"The kernel did not answer kernel_info within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>Runs <paramref name="code"/>; returns the reply and the IOPub messages up to the request's idle status.</summary>
    public (JupyterMessage Reply, List<JupyterMessage> Iopub) Execute(string code, TimeSpan timeout)
    {
        var request = Send(_shell, "execute_request", new JsonObject
        {
            ["code"] = code, ["silent"] = false, ["store_history"] = true, ["user_expressions"] = new JsonObject(), ["allow_stdin"] = false, ["stop_on_error"] = true,
        });
        var deadline = DateTime.UtcNow + timeout;
        var iopub = new List<JupyterMessage>();
        JupyterMessage? reply = null;
        while (DateTime.UtcNow < deadline)
        {
            if (TryReceive(_iopub, TimeSpan.FromMilliseconds(1)) is { } io && io.ParentHeader["msg_id"]?.GetValue<string>() == request.MsgId)
            {
                iopub.Add(io);
                if (io.MsgType == "status" && io.Content["execution_state"]?.GetValue<string>() == "idle")
                    return (reply ?? Receive(_shell, request.MsgId, deadline - DateTime.UtcNow), iopub);
            }
            if (reply is null && TryReceive(_shell, TimeSpan.Zero) is { } r && r.ParentHeader["msg_id"]?.GetValue<string>() == request.MsgId) reply = r;
        }
        throw new TimeoutException($"No idle status within {timeout.TotalSeconds:0} s after executing: {code}");
    }

    /// <summary>Asks the kernel to shut down on control and waits for the process to end (kills it after <paramref name="timeout"/>).</summary>
    public void Shutdown(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        Send(_control, "shutdown_request", new JsonObject { ["restart"] = false });
        if (!_process.WaitForExit(timeout)) _process.Kill(entireProcessTree: true);
    }

    JupyterMessage Send(NetMQSocket socket, string msgType, JsonObject content)
    {
        var message = JupyterMessage.Create(msgType, content, _session, null);
        socket.SendMultipartBytes(_codec.Encode(message));
        return message;
    }

    JupyterMessage? TryReceive(NetMQSocket socket, TimeSpan wait)
    {
        var frames = new List<byte[]>();
        if (!socket.TryReceiveMultipartBytes(wait, ref frames)) return null;
        return _codec.Decode(frames, out _, out _);
    }

    JupyterMessage Receive(NetMQSocket socket, string parentId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
            if (TryReceive(socket, TimeSpan.FromMilliseconds(20)) is { } m && m.ParentHeader["msg_id"]?.GetValue<string>() == parentId) return m;
        throw new TimeoutException($"No reply to {parentId} within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>Shuts the kernel down (if it still runs) and closes the sockets.</summary>
    public void Dispose()
    {
        try { Shutdown(TimeSpan.FromSeconds(10)); } catch (Exception e) when (e is InvalidOperationException or NetMQException) { }
        foreach (var socket in new NetMQSocket[] { _shell, _control, _iopub }) socket.Dispose();
        _process.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
