using GanLab.Notebooks.Execution;

namespace GanLab.Tests.Notebooks;

public class CellDirectivesTests
{
    [Fact]
    public void Directives_are_read_anywhere_at_line_start_and_their_lines_blanked_so_line_numbers_hold()
    {
        var cell = CellDirectives.Parse("#!time\nvar a = 1;\n#r \"nuget: TorchSharp, 0.107.0\"\n#r \"nuget:Plotly.NET\"\n#i \"nuget: https://example.invalid/v3/index.json\"\na");
        Assert.True(cell.Time);
        Assert.Equal(new[] { ("TorchSharp", (string?)"0.107.0", 3), ("Plotly.NET", null, 4) }, cell.Packages.Select(p => (p.Name, p.Version, p.Line)));
        Assert.Single(cell.Sources);
        Assert.Equal("\nvar a = 1;\n\n\n\na", cell.Code);
        Assert.Empty(cell.Errors);
    }

    [Fact]
    public void A_dll_reference_after_code_and_a_relative_package_source_fail_as_in_the_kernel()
    {
        var late = CellDirectives.Parse("// a comment is fine\n#r \"first.dll\"\nvar a = 1;\n#r \"late.dll\"");
        Assert.Equal(new[] { ("first.dll", 2) }, late.Assemblies);
        Assert.Equal(4, late.Errors.Single().Line);
        Assert.Contains("must come before any code", late.Errors.Single().Message);

        var relative = CellDirectives.Parse("#i \"nuget: ../packages\"");
        Assert.Contains("issue 3110", relative.Errors.Single().Message);
        Assert.Empty(CellDirectives.Parse("#i \"nuget: /opt/packages\"").Errors);
    }

    [Fact]
    public void Other_magic_commands_are_errors_but_csharp_is_accepted()
    {
        Assert.Empty(CellDirectives.Parse("#!csharp\n1").Errors);
        Assert.Contains("#!fsharp", CellDirectives.Parse("#!fsharp\n1").Errors.Single().Message);
    }
}
