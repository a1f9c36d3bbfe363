using System.Text.Json;
using System.Text.Json.Nodes;

namespace GanLab.Kernel;

/// <summary>
/// A Jupyter connection file: where the kernel's five sockets listen and the key that signs every message. The front
/// end writes it and passes its path as the kernelspec's <c>{connection_file}</c>.
/// </summary>
public sealed record ConnectionFile(string Transport, string Ip, int ShellPort, int IopubPort, int StdinPort, int ControlPort, int HbPort, string Key, string SignatureScheme)
{
    /// <summary>The ZeroMQ address of <paramref name="port"/>.</summary>
    public string Address(int port) => $"{Transport}://{Ip}:{port}";

    /// <summary>Reads and checks a connection file.</summary>
    /// <exception cref="KernelStartException">The file is missing, is not JSON, or lacks or misstates a field.</exception>
    public static ConnectionFile Load(string path)
    {
        const string remedy = "Jupyter front ends write this file and pass its path ({connection_file} in the kernelspec); start the kernel from one (VS Code, JupyterLab, `jupyter console --kernel ganlab-csharp`).";
        if (!File.Exists(path)) throw new KernelStartException($"The connection file '{path}' does not exist. {remedy}");
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("it is not a JSON object"); }
        catch (JsonException e) { throw new KernelStartException($"The connection file '{path}' is not valid JSON ({e.Message}). {remedy}", e); }

        string Text(string name, string? fallback = null) =>
            json[name] is JsonValue v && v.TryGetValue(out string? s) ? s
            : fallback ?? throw new KernelStartException($"The connection file '{path}' has no \"{name}\" (a string). {remedy}");
        int Port(string name)
        {
            if (json[name] is JsonValue v && v.TryGetValue(out int port) && port is > 0 and < 65536) return port;
            throw new KernelStartException($"The connection file '{path}' has no valid \"{name}\" (a port number from 1 to 65535, got {json[name]?.ToJsonString() ?? "nothing"}). {remedy}");
        }

        string transport = Text("transport", "tcp");
        if (transport != "tcp")
            throw new KernelStartException($"The connection file '{path}' asks for transport \"{transport}\"; this kernel (NetMQ) speaks tcp only. Let the front end use tcp, Jupyter's default.");
        string scheme = Text("signature_scheme", "hmac-sha256");
        string key = Text("key", "");
        if (key.Length > 0 && scheme != "hmac-sha256")
            throw new KernelStartException($"The connection file '{path}' asks for signature scheme \"{scheme}\"; this kernel signs with hmac-sha256, Jupyter's default.");
        return new ConnectionFile(transport, Text("ip", "127.0.0.1"), Port("shell_port"), Port("iopub_port"), Port("stdin_port"), Port("control_port"), Port("hb_port"), key, scheme);
    }
}
