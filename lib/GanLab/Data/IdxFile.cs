using System.Buffers.Binary;
using System.IO.Compression;

namespace GanLab.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzipped: a magic number (two zero bytes,
/// the element type 0x08 = unsigned byte, the number of dimensions), the dimensions as big-endian int32, then the data.
/// </summary>
internal static class IdxFile
{
    /// <summary>Reads an unsigned-byte IDX file with <paramref name="expectedDims"/> dimensions; returns the shape and the data.</summary>
    public static (int[] Shape, byte[] Data) Read(string path, int expectedDims)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {Path.GetFullPath(path)}", path);
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            try
            {
                using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gz.CopyTo(plain);
                bytes = plain.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new DataFileException(path, null, $"is a damaged gzip file ({e.Message}).", e);
            }
        }
        if (bytes.Length < 4)
            throw new DataFileException(path, null, $"is truncated: {bytes.Length} bytes, too short for an IDX header.");
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        uint expected = 0x0800u | (uint)expectedDims;
        if (magic != expected)
            throw new DataFileException(path, null,
                $"wrong IDX magic number 0x{magic:X8}; expected 0x{expected:X8} (unsigned bytes, {expectedDims} dimension{(expectedDims == 1 ? "" : "s")}: " +
                $"{(expectedDims == 1 ? "a labels file" : "an images file")}). Is it the right file, or {(expectedDims == 1 ? "an images" : "a labels")} file?");
        int headerLength = 4 + 4 * expectedDims;
        if (bytes.Length < headerLength)
            throw new DataFileException(path, null, $"is truncated: {bytes.Length} bytes, shorter than its {headerLength}-byte header.");
        var shape = new int[expectedDims];
        long total = 1;
        for (int d = 0; d < expectedDims; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (shape[d] < 0) throw new DataFileException(path, null, $"dimension {d} is negative ({shape[d]}).");
            total *= shape[d];
        }
        long have = bytes.Length - headerLength;
        if (have < total)
            throw new DataFileException(path, null, $"is truncated: the header says [{string.Join(" x ", shape)}] = {total} bytes of data, the file holds {have}.");
        if (have > total)
            throw new DataFileException(path, null, $"has {have - total} bytes after the [{string.Join(" x ", shape)}] data the header describes.");
        return (shape, bytes.AsSpan(headerLength).ToArray());
    }
}
