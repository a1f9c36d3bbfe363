using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GanLab.Kernel.Wire;

/// <summary>
/// The wire form of a message: <c>[identities..., "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata, content, buffers...]</c>,
/// the signature being the HMAC-SHA256 hex digest of the four dictionaries with the connection file's key (no
/// signature when the key is empty). Decoding checks the signature over the bytes as received.
/// </summary>
public sealed class MessageCodec(string key)
{
    static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();
    static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    /// <summary>Why a list of frames is not a message this kernel accepts.</summary>
    public enum Problem { None, Malformed, BadSignature }

    /// <summary>The frames to send for <paramref name="message"/>.</summary>
    public List<byte[]> Encode(JupyterMessage message)
    {
        byte[][] parts =
        {
            Serialize(message.Header), Serialize(message.ParentHeader), Serialize(message.Metadata), Serialize(message.Content),
        };
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(Sign(parts)));
        frames.AddRange(parts);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Reads frames as received; <paramref name="why"/> says what is wrong when it returns null.</summary>
    public JupyterMessage? Decode(IReadOnlyList<byte[]> frames, out Problem problem, out string why)
    {
        int delimiter = -1;
        for (int i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        if (delimiter < 0 || frames.Count < delimiter + 6)
        {
            (problem, why) = (Problem.Malformed, delimiter < 0 ? "no <IDS|MSG> delimiter frame" : $"{frames.Count - delimiter - 1} frames after the delimiter, at least 5 expected");
            return null;
        }
        byte[][] parts = { frames[delimiter + 2], frames[delimiter + 3], frames[delimiter + 4], frames[delimiter + 5] };
        if (_key.Length > 0)
        {
            byte[] expected = Encoding.ASCII.GetBytes(Sign(parts));
            byte[] given = frames[delimiter + 1];
            if (given.Length != expected.Length || !CryptographicOperations.FixedTimeEquals(given, expected))
            {
                (problem, why) = (Problem.BadSignature, "its HMAC-SHA256 signature does not match the connection file's key");
                return null;
            }
        }
        try
        {
            var message = new JupyterMessage
            {
                Identities = frames.Take(delimiter).ToList(),
                Header = Parse(parts[0], "header"),
                ParentHeader = Parse(parts[1], "parent_header"),
                Metadata = Parse(parts[2], "metadata"),
                Content = Parse(parts[3], "content"),
                Buffers = frames.Skip(delimiter + 6).ToList(),
            };
            if (message.MsgType.Length == 0) throw new FormatException("the header has no msg_type");
            (problem, why) = (Problem.None, "");
            return message;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            (problem, why) = (Problem.Malformed, e.Message);
            return null;
        }
    }

    /// <summary>The hex HMAC-SHA256 of the four serialized dictionaries ("" with no key).</summary>
    public string Sign(IReadOnlyList<byte[]> parts)
    {
        if (_key.Length == 0) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        foreach (byte[] part in parts) hmac.AppendData(part);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    static byte[] Serialize(JsonObject json) => Encoding.UTF8.GetBytes(json.ToJsonString(Compact));

    static JsonObject Parse(byte[] bytes, string what) =>
        JsonNode.Parse(bytes) as JsonObject ?? throw new FormatException($"the {what} is not a JSON object");
}
