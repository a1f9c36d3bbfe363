using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GanLab.Runtime;

namespace GanLab.Data;

/// <summary>
/// The on-disk cache of decoded images: one file per source and options (<c>GanLabCache.Directory/data</c> by default),
/// holding the images as bytes with their labels and names. A file is used only when its source identity,
/// its fingerprint (file sizes and times, or the generator's version) and a SHA-256 of its contents all match;
/// otherwise it is rebuilt. Files are written to a temporary name and renamed, so a killed run never leaves a
/// file that loads wrong data. Deleting the folder is always safe.
/// </summary>
public static class DataCache
{
    const string Magic = "GLDATA01";

    /// <summary>Where data-set caches go unless a loader is given another folder: <c>GanLabCache.Directory/data</c>.</summary>
    public static string DefaultDirectory => Path.Combine(GanLabCache.Directory, "data");

    /// <summary>The cache file for a source: a readable prefix and a hash of its identity (path, sizes, options).</summary>
    internal static string PathFor(string? directory, string kind, string identity)
        => Path.Combine(directory ?? DefaultDirectory, $"{kind}-{Hash(identity)[..16]}.gldata");

    internal static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>The version of GanLab's own code, for keys of procedural data: a change of the drawing code means a new key.</summary>
    internal static string CodeVersion { get; } = typeof(DataCache).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    sealed record Header(
        string Identity, string Fingerprint, int Count, int Channels, int Height, int Width, bool HasLabels,
        string[]? AttributeNames, string[]? ClassNames, string[]? FileNames, string[] Skipped, long PayloadLength, string PayloadSha256);

    /// <summary>Loads the cache at <paramref name="path"/> if it exists and matches exactly; null (with the reason) otherwise.</summary>
    internal static RawImages? TryLoad(string path, string identity, string fingerprint, out string reason)
    {
        if (!File.Exists(path)) { reason = "no cache file"; return null; }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = new BinaryReader(stream);
            if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic) { reason = "not a GanLab cache file"; return null; }
            int headerLength = reader.ReadInt32();
            if (headerLength <= 0 || headerLength > stream.Length - stream.Position) { reason = "header length is wrong"; return null; }
            var header = JsonSerializer.Deserialize<Header>(reader.ReadBytes(headerLength));
            if (header is null) { reason = "empty header"; return null; }
            if (header.Identity != identity) { reason = "made for another source or options"; return null; }
            if (header.Fingerprint != fingerprint) { reason = "the source changed since the cache was written"; return null; }
            long imageBytes = (long)header.Count * header.Channels * header.Height * header.Width;
            long labelBytes = header.HasLabels ? 8L * header.Count : 0;
            long attributeBytes = header.AttributeNames is { } names ? (long)header.Count * names.Length : 0;
            if (header.PayloadLength != imageBytes + labelBytes + attributeBytes || stream.Length - stream.Position != header.PayloadLength)
            {
                reason = "the file is truncated or has the wrong length";
                return null;
            }
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            byte[] Read(long n)
            {
                var bytes = GC.AllocateUninitializedArray<byte>(checked((int)n));
                stream.ReadExactly(bytes);
                sha.AppendData(bytes);
                return bytes;
            }
            var pixels = Read(imageBytes);
            long[]? labels = header.HasLabels ? MemoryMarshal.Cast<byte, long>(Read(labelBytes)).ToArray() : null;
            byte[]? attributes = header.AttributeNames is null ? null : Read(attributeBytes);
            if (Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant() != header.PayloadSha256) { reason = "the contents are corrupt (checksum mismatch)"; return null; }
            reason = "loaded";
            return new RawImages
            {
                Pixels = pixels, Count = header.Count, Channels = header.Channels, Height = header.Height, Width = header.Width,
                Labels = labels, Attributes = attributes, AttributeNames = header.AttributeNames, ClassNames = header.ClassNames,
                FileNames = header.FileNames, Skipped = header.Skipped,
            };
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or OverflowException or UnauthorizedAccessException or ArgumentException or OutOfMemoryException)
        {
            reason = $"unreadable ({e.GetType().Name}: {e.Message})";
            return null;
        }
    }

    /// <summary>Writes the cache atomically (temporary file, then rename). Returns false, and warns, when the folder is not writable.</summary>
    internal static bool Save(string path, string identity, string fingerprint, RawImages raw)
    {
        raw.Validate();
        try
        {
            var labelBytes = raw.Labels is null ? Array.Empty<byte>() : MemoryMarshal.AsBytes(raw.Labels.AsSpan()).ToArray();
            var attributeBytes = raw.Attributes ?? Array.Empty<byte>();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(raw.Pixels);
            sha.AppendData(labelBytes);
            sha.AppendData(attributeBytes);
            var header = new Header(identity, fingerprint, raw.Count, raw.Channels, raw.Height, raw.Width, raw.Labels is not null,
                raw.AttributeNames, raw.ClassNames, raw.FileNames, raw.Skipped,
                raw.Pixels.LongLength + labelBytes.Length + attributeBytes.Length, Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant());
            var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header);
            Runtime.AtomicFile.Write(path, stream =>
            {
                stream.Write(Encoding.ASCII.GetBytes(Magic));
                stream.Write(BitConverter.GetBytes(headerBytes.Length));
                stream.Write(headerBytes);
                stream.Write(raw.Pixels);
                stream.Write(labelBytes);
                stream.Write(attributeBytes);
            });
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"GanLab: could not write the data cache {path} ({e.Message}); continuing without it.");
            return false;
        }
    }
}
