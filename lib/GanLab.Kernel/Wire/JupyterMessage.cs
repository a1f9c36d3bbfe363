using System.Globalization;
using System.Text.Json.Nodes;

namespace GanLab.Kernel.Wire;

/// <summary>
/// One message of the Jupyter messaging protocol: the ZeroMQ routing identities it came with (replies go back along
/// them), its four dictionaries (header, parent header, metadata, content) and any binary buffers.
/// </summary>
public sealed class JupyterMessage
{
    /// <summary>The protocol version this kernel speaks (written in every header it sends).</summary>
    public const string ProtocolVersion = "5.4";

    public IReadOnlyList<byte[]> Identities { get; init; } = Array.Empty<byte[]>();
    public JsonObject Header { get; init; } = new();
    public JsonObject ParentHeader { get; init; } = new();
    public JsonObject Metadata { get; init; } = new();
    public JsonObject Content { get; init; } = new();
    public IReadOnlyList<byte[]> Buffers { get; init; } = Array.Empty<byte[]>();

    /// <summary>header.msg_type ("" when missing).</summary>
    public string MsgType => Text(Header, "msg_type");

    /// <summary>header.msg_id ("" when missing).</summary>
    public string MsgId => Text(Header, "msg_id");

    /// <summary>A new message of <paramref name="msgType"/> from <paramref name="session"/>, answering <paramref name="parent"/> (null: none).</summary>
    public static JupyterMessage Create(string msgType, JsonObject content, string session, JupyterMessage? parent, IReadOnlyList<byte[]>? identities = null) => new()
    {
        Identities = identities ?? parent?.Identities ?? Array.Empty<byte[]>(),
        Header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString(),
            ["session"] = session,
            ["username"] = "kernel",
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["msg_type"] = msgType,
            ["version"] = ProtocolVersion,
        },
        ParentHeader = parent is null ? new JsonObject() : (JsonObject)parent.Header.DeepClone(),
        Content = content,
    };

    /// <summary>A string field of a dictionary, or <paramref name="fallback"/>.</summary>
    public static string Text(JsonObject json, string name, string fallback = "") =>
        json[name] is JsonValue v && v.TryGetValue(out string? s) ? s : fallback;

    /// <summary>A boolean field of a dictionary, or <paramref name="fallback"/>.</summary>
    public static bool Flag(JsonObject json, string name, bool fallback) =>
        json[name] is JsonValue v && v.TryGetValue(out bool b) ? b : fallback;
}
