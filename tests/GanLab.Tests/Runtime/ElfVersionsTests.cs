using GanLab.Runtime;

namespace GanLab.Tests.Runtime;

public class ElfVersionsTests
{
    /// <summary>TorchSharp 0.107's real native wrapper, as restored into this test's output folder.</summary>
    static string Wrapper => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void Wrapper_requires_GLIBCXX_3_4_32_for_one_symbol_that_no_relocation_binds()
    {
        Assert.True(File.Exists(Wrapper), $"expected the restored wrapper at {Wrapper}");
        var elf = ElfVersions.Read(Wrapper);
        var requirement = Assert.Single(elf.Requirements(), r => r.Name == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", requirement.File);
        Assert.Equal(0, requirement.Flags);
        var (symbols, relocations) = elf.Usage(requirement.Index);
        Assert.Equal(new[] { "_ZSt21ios_base_library_initv" }, symbols);
        Assert.Equal(0, relocations);
    }

    [Fact]
    public void Symbols_that_are_bound_show_relocations()
    {
        // GLIBC_2.2.5 (malloc, free, ...) is used for real: the check that guards the patch must see it.
        var elf = ElfVersions.Read(Wrapper);
        var glibc = elf.Requirements().First(r => r.Name == "GLIBC_2.2.5");
        Assert.True(elf.Usage(glibc.Index).Relocations > 0);
    }

    [Fact]
    public void MarkWeak_changes_exactly_the_one_flags_field()
    {
        byte[] original = File.ReadAllBytes(Wrapper);
        var elf = ElfVersions.Read(Wrapper);
        var requirement = elf.Requirements().Single(r => r.Name == "GLIBCXX_3.4.32");
        elf.MarkWeak(requirement);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != elf.Bytes[i]).ToList();
        Assert.Equal(new[] { (int)requirement.FlagsOffset }, changed);
        Assert.Equal(ElfVersions.VerFlagWeak, elf.Bytes[requirement.FlagsOffset]);
        var reread = Reparse(elf.Bytes).Requirements().Single(r => r.Name == "GLIBCXX_3.4.32");
        Assert.Equal(ElfVersions.VerFlagWeak, reread.Flags);
    }

    [Fact]
    public void System_libstdcxx_defines_its_versions()
    {
        string path = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.First(File.Exists);
        var defined = ElfVersions.Read(path).Definitions();
        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("CXXABI_1.3", defined);
    }

    [Theory]
    [InlineData("GLIBCXX_3.4.30", "GLIBCXX_3.4.32", -1)]
    [InlineData("GLIBCXX_3.4.9", "GLIBCXX_3.4.10", -1)]
    [InlineData("GLIBCXX_3.4", "GLIBCXX_3.4.0", 0)]
    [InlineData("GLIBCXX_3.4.32", "GLIBCXX_3.4.4", 1)]
    public void Version_names_compare_numerically(string a, string b, int expected) =>
        Assert.Equal(expected, Math.Sign(ElfVersions.CompareVersionNames(a, b)));

    [Fact]
    public void A_file_that_is_not_ELF_is_rejected_by_name()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ganlab-not-elf-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "this is text, not a shared library, padded to more than sixty-four bytes long.");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ElfVersions.Read(path));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    static ElfVersions Reparse(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ganlab-elf-{Guid.NewGuid():N}.so");
        File.WriteAllBytes(path, bytes);
        try { return ElfVersions.Read(path); }
        finally { File.Delete(path); }
    }
}
