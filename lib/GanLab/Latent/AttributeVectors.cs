using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Latent;

/// <summary>
/// Attribute vectors in latent space (NVIDIA's "Photo editing with GANs" article; the attribute vectors of White 2016
/// and Larsen et al. 2016): for each attribute, the mean latent of the samples that have it minus the mean of those
/// that don't. Latents come from an encoder (E(x) for labelled images) or are known (the z that made each sample).
/// Adding a vector adds the attribute; an image's top attributes are the largest inner products of its centred
/// latent with the normalised vectors.
/// </summary>
/// <example><code>
/// var av = AttributeVectors.FromLatents(encoder.forward(images), attributes, new[] { "smile", "glasses", "bald" });
/// var edited = av.Apply(z, AttributeEdit.Add("glasses"), AttributeEdit.Remove("smile"));
/// foreach (var (name, score) in av.TopAttributes(z[0], 3)) Console.WriteLine($"{name} {score:F2}");
/// </code></example>
public sealed class AttributeVectors
{
    readonly Dictionary<string, int> _index;

    AttributeVectors(IReadOnlyList<string> names, Tensor vectors, Tensor mean)
    {
        Names = names.ToArray();
        _index = Names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        Vectors = vectors.DetachFromDisposeScope();
        Mean = mean.DetachFromDisposeScope();
    }

    /// <summary>The attributes' names, in the order of <see cref="Vectors"/>' rows.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>One vector per attribute, (A, D): mean latent with the attribute minus mean latent without.</summary>
    public Tensor Vectors { get; }

    /// <summary>The mean of all the latents the vectors came from, (D).</summary>
    public Tensor Mean { get; }

    /// <summary>
    /// Attribute vectors from <paramref name="latents"/> (N, D) and <paramref name="attributes"/> (N, A) (1 or true: has
    /// it; values above 0.5 count as having it), with one name per column.
    /// </summary>
    public static AttributeVectors FromLatents(Tensor latents, Tensor attributes, IReadOnlyList<string> names)
    {
        if (latents.dim() != 2) throw new ArgumentException($"Latents must be (N, D); got shape [{string.Join(", ", latents.shape)}].", nameof(latents));
        var attr = attributes.dim() == 1 ? attributes.unsqueeze(1) : attributes;
        if (attr.dim() != 2 || attr.shape[0] != latents.shape[0] || attr.shape[1] != names.Count)
            throw new ArgumentException($"Attributes must be (N, A) = ({latents.shape[0]}, {names.Count}) for {names.Count} names; got shape [{string.Join(", ", attributes.shape)}].", nameof(attributes));
        if (names.Distinct().Count() != names.Count) throw new ArgumentException("Attribute names must be distinct.", nameof(names));
        using var scope = NewDisposeScope();
        var z = latents.detach().to(ScalarType.Float32);
        var has = attr.to(ScalarType.Float32).to(z.device).gt(0.5).to(ScalarType.Float32);   // (N, A)
        var with = has.sum(new long[] { 0 });
        var without = has.shape[0] - with;
        var counts = with.cpu().data<float>().ToArray();
        for (int a = 0; a < names.Count; a++)
            if (counts[a] == 0 || counts[a] == has.shape[0])
                throw new ArgumentException($"Attribute '{names[a]}' is {(counts[a] == 0 ? "absent from" : "present in")} every sample: its vector needs samples with and without it.", nameof(attributes));
        var meanWith = has.t().matmul(z) / with.unsqueeze(1);
        var meanWithout = (1 - has).t().matmul(z) / without.unsqueeze(1);
        return new AttributeVectors(names, meanWith - meanWithout, z.mean(new long[] { 0 }));
    }

    /// <summary>The vector of one attribute, (D).</summary>
    public Tensor Vector(string attribute) => Vectors[Index(attribute)];

    /// <summary>Latents (D) or (N, D) moved by every edit: z + Σ strength · vector.</summary>
    public Tensor Apply(Tensor z, params AttributeEdit[] edits)
    {
        using var scope = NewDisposeScope();
        var result = z.to(Vectors.dtype);
        var vectors = Vectors.to(z.device);
        foreach (var e in edits) result = result + vectors[Index(e.Attribute)] * e.Strength;
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// An editing table: every latent of <paramref name="z"/> (N, D) (rows) under every set of edits (columns; an empty
    /// set keeps the original). Returns (N·C, D) in row-major order, ready for an image grid with nrow = C.
    /// </summary>
    public Tensor EditTable(Tensor z, IReadOnlyList<IReadOnlyList<AttributeEdit>> columns)
    {
        if (z.dim() != 2) throw new ArgumentException($"Latents must be (N, D); got shape [{string.Join(", ", z.shape)}].", nameof(z));
        using var scope = NewDisposeScope();
        var edited = columns.Select(c => Apply(z, c.ToArray())).ToArray();   // C x (N, D)
        return stack(edited, 1).reshape(-1, z.shape[1]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The <paramref name="k"/> attributes with the largest inner product between the latent (D), centred on
    /// <see cref="Mean"/>, and each normalised attribute vector; highest first.
    /// </summary>
    public IReadOnlyList<(string Name, double Score)> TopAttributes(Tensor z, int k = 5)
    {
        using var scope = NewDisposeScope();
        var centred = z.reshape(-1).to(Vectors.dtype).to(Vectors.device) - Mean;
        var scores = nn.functional.normalize(Vectors, dim: 1).matmul(centred).cpu().data<float>().ToArray();
        return scores.Select((s, i) => (Names[i], (double)s)).OrderByDescending(p => p.Item2).Take(k).ToList();
    }

    int Index(string attribute) => _index.TryGetValue(attribute, out int i) ? i
        : throw new ArgumentException($"Unknown attribute '{attribute}'. Known: {string.Join(", ", Names)}.", nameof(attribute));
}
