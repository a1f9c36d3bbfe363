using System.Buffers.Binary;
using System.Text;

namespace GanLab.Runtime;

/// <summary>
/// Reads the symbol-version records of a 64-bit little-endian ELF shared library, and marks a required
/// version weak. This is all the Debian 12 fix needs (see <see cref="NativeFix"/>): which versions a
/// library requires, which a system library defines, and whether a required version is ever bound.
/// </summary>
internal sealed class ElfVersions
{
    const uint ShtRela = 4, ShtRel = 9, ShtDynsym = 11;
    const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    /// <summary>VER_FLG_WEAK: a missing weak version is not an error for the dynamic linker.</summary>
    internal const ushort VerFlagWeak = 0x2;

    readonly byte[] _data;
    readonly List<Section> _sections = new();

    /// <summary>One required version: the library that should define it, its name, flags and where its flags live.</summary>
    internal sealed record Requirement(string File, string Name, ushort Flags, ushort Index, long FlagsOffset);

    record struct Section(uint Type, long Offset, long Size, uint Link, uint Info, long EntrySize);

    ElfVersions(byte[] data, string path)
    {
        _data = data;
        if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
            throw new InvalidDataException($"{path} is not an ELF file.");
        if (data[4] != 2 || data[5] != 1)
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");
        long shoff = (long)U64(40);
        int shentsize = U16(58), shnum = U16(60);
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)i * shentsize;
            _sections.Add(new Section(U32(h + 4), (long)U64(h + 24), (long)U64(h + 32), U32(h + 40), U32(h + 44), (long)U64(h + 56)));
        }
    }

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static ElfVersions Read(string path) => new(File.ReadAllBytes(path), path);

    /// <summary>The file's bytes (patched in memory by <see cref="MarkWeak"/>).</summary>
    public byte[] Bytes => _data;

    /// <summary>The versions this library requires (its .gnu.version_r records).</summary>
    public IReadOnlyList<Requirement> Requirements()
    {
        var result = new List<Requirement>();
        foreach (var s in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = _sections[(int)s.Link];
            long vn = s.Offset;
            for (uint n = 0; n < s.Info; n++)
            {
                string file = Str(strtab, U32(vn + 4));
                long aux = vn + U32(vn + 8);
                for (int a = 0; a < U16(vn + 2); a++)
                {
                    result.Add(new Requirement(file, Str(strtab, U32(aux + 8)), U16(aux + 4), U16(aux + 6), aux + 4));
                    uint next = U32(aux + 12);
                    if (next == 0) break;
                    aux += next;
                }
                uint vnNext = U32(vn + 12);
                if (vnNext == 0) break;
                vn += vnNext;
            }
        }
        return result;
    }

    /// <summary>The version names this library defines (its .gnu.version_d records), e.g. GLIBCXX_3.4.30.</summary>
    public IReadOnlySet<string> Definitions()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = _sections[(int)s.Link];
            long vd = s.Offset;
            for (uint n = 0; n < s.Info; n++)
            {
                if (U16(vd + 6) > 0) result.Add(Str(strtab, U32(vd + U32(vd + 12))));
                uint next = U32(vd + 16);
                if (next == 0) break;
                vd += next;
            }
        }
        return result;
    }

    /// <summary>
    /// Names of the dynamic symbols bound to version <paramref name="index"/>, and how many relocations refer
    /// to any of them. A version whose symbols no relocation uses is never resolved at load time.
    /// </summary>
    public (IReadOnlyList<string> Symbols, int Relocations) Usage(ushort index)
    {
        int dynsymIndex = _sections.FindIndex(s => s.Type == ShtDynsym);
        if (dynsymIndex < 0) return (Array.Empty<string>(), 0);
        var dynsym = _sections[dynsymIndex];
        var versym = _sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        if (versym.Type == 0) return (Array.Empty<string>(), 0);
        var strtab = _sections[(int)dynsym.Link];
        long count = dynsym.Size / 24;
        var bound = new HashSet<long>();
        var names = new List<string>();
        for (long i = 0; i < count; i++)
        {
            if ((U16(versym.Offset + 2 * i) & 0x7fff) != index) continue;
            bound.Add(i);
            names.Add(Str(strtab, U32(dynsym.Offset + 24 * i)));
        }
        int relocations = 0;
        foreach (var s in _sections.Where(s => (s.Type == ShtRela || s.Type == ShtRel) && s.Link == dynsymIndex))
        {
            long entry = s.Type == ShtRela ? 24 : 16;
            for (long r = s.Offset; r + entry <= s.Offset + s.Size; r += entry)
                if (bound.Contains((long)(U64(r + 8) >> 32))) relocations++;
        }
        return (names, relocations);
    }

    /// <summary>Sets VER_FLG_WEAK on one required version, in memory. Nothing else changes.</summary>
    public void MarkWeak(Requirement requirement)
    {
        ushort flags = (ushort)(U16(requirement.FlagsOffset) | VerFlagWeak);
        BinaryPrimitives.WriteUInt16LittleEndian(_data.AsSpan((int)requirement.FlagsOffset, 2), flags);
    }

    /// <summary>Compares two GNU version names such as GLIBCXX_3.4.30 and GLIBCXX_3.4.32 numerically.</summary>
    public static int CompareVersionNames(string a, string b)
    {
        int[] Parse(string s) => s[(s.IndexOf('_') + 1)..].Split('.').Select(p => int.TryParse(p, out int v) ? v : 0).ToArray();
        int[] x = Parse(a), y = Parse(b);
        for (int i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            int c = (i < x.Length ? x[i] : 0).CompareTo(i < y.Length ? y[i] : 0);
            if (c != 0) return c;
        }
        return 0;
    }

    ushort U16(long o) => BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan((int)o, 2));
    uint U32(long o) => BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan((int)o, 4));
    ulong U64(long o) => BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan((int)o, 8));

    string Str(Section strtab, uint offset)
    {
        int start = (int)(strtab.Offset + offset), end = start;
        while (_data[end] != 0) end++;
        return Encoding.ASCII.GetString(_data, start, end - start);
    }
}
