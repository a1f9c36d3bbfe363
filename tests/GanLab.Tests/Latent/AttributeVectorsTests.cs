using GanLab.Latent;
using GanLab.Runtime;
using static TorchSharp.torch;

namespace GanLab.Tests.Latent;

public class AttributeVectorsTests
{
    public AttributeVectorsTests() => TorchRuntime.Init(device: "cpu", quiet: true);

    static readonly string[] Names = { "smile", "glasses", "bald" };

    /// <summary>Known latents: noise plus a fixed direction per attribute the sample has.</summary>
    static (Tensor Z, Tensor Attributes, Tensor Directions) Known(int n, int d, Generator g)
    {
        var directions = nn.functional.normalize(randn(new long[] { 3, d }, generator: g), dim: 1) * 3;
        var attributes = randint(2, new long[] { n, 3 }, generator: g).to(ScalarType.Float32);
        var z = randn(new long[] { n, d }, generator: g) + attributes.matmul(directions);
        return (z, attributes, directions);
    }

    [Fact]
    public void Vectors_recover_the_directions_that_made_the_latents()
    {
        var (z, attributes, directions) = Known(4000, 32, new Generator(1));
        var av = AttributeVectors.FromLatents(z, attributes, Names);
        Assert.Equal(new long[] { 3, 32 }, av.Vectors.shape);
        for (int a = 0; a < 3; a++)
        {
            double cos = nn.functional.cosine_similarity(av.Vectors[a], directions[a], dim: 0).item<float>();
            Assert.True(cos > 0.97, $"{Names[a]}: cosine {cos}");
            Assert.InRange(av.Vectors[a].norm().item<float>(), 2.7, 3.3);
        }
        Assert.True(allclose(av.Vector("glasses"), av.Vectors[1]));
    }

    [Fact]
    public void Editing_adds_and_removes_and_the_table_is_row_major()
    {
        var (z, attributes, _) = Known(1000, 16, new Generator(2));
        var av = AttributeVectors.FromLatents(z, attributes, Names);
        var edited = av.Apply(z[..2], AttributeEdit.Add("glasses"), AttributeEdit.Remove("smile", 0.5));
        Assert.True(allclose(edited, z[..2] + av.Vectors[1] - 0.5 * av.Vectors[0], atol: 1e-5));
        var columns = new List<IReadOnlyList<AttributeEdit>> { Array.Empty<AttributeEdit>(), new[] { AttributeEdit.Add("bald") } };
        var table = av.EditTable(z[..3], columns);
        Assert.Equal(new long[] { 6, 16 }, table.shape);
        Assert.True(allclose(table[2], z[1]) && allclose(table[3], z[1] + av.Vectors[2], atol: 1e-5));
        Assert.Equal("+glasses", AttributeEdit.Add("glasses").ToString());
        Assert.Equal("−smile x0.5", AttributeEdit.Remove("smile", 0.5).ToString());
        Assert.Contains("Known: smile, glasses, bald", Assert.Throws<ArgumentException>(() => av.Apply(z, AttributeEdit.Add("hat"))).Message);
    }

    [Fact]
    public void Top_attributes_name_what_was_added()
    {
        var (z, attributes, _) = Known(2000, 32, new Generator(3));
        var av = AttributeVectors.FromLatents(z, attributes, Names);
        var plain = av.Mean + randn(32, generator: new Generator(4)) * 0.1;
        var top = av.TopAttributes(av.Apply(plain, AttributeEdit.Add("bald", 2)), 3);
        Assert.Equal("bald", top[0].Name);
        Assert.True(top[0].Score > 2 * Math.Abs(top[1].Score));
        Assert.Equal(3, top.Count);
        var bottom = av.TopAttributes(av.Apply(plain, AttributeEdit.Remove("smile", 2)), 3);
        Assert.Equal("smile", bottom[^1].Name);
        Assert.True(bottom[^1].Score < -1);
    }

    [Fact]
    public void An_attribute_that_every_sample_has_is_refused_and_analogies_are_arithmetic()
    {
        var z = randn(10, 4);
        var attributes = ones(10, 1);
        Assert.Contains("'hat'", Assert.Throws<ArgumentException>(() => AttributeVectors.FromLatents(z, attributes, new[] { "hat" })).Message);
        var (a, b, c) = (tensor(new[] { 1f, 2 }), tensor(new[] { 0.5f, 1 }), tensor(new[] { 3f, -1 }));
        Assert.Equal(new[] { 3.5f, 0 }, LatentArithmetic.Analogy(a, b, c).data<float>().ToArray());
        Assert.Equal(new[] { 2f, 0.5f }, LatentArithmetic.Mean(stack(new[] { a, c }, 0)).data<float>().ToArray());
    }
}
