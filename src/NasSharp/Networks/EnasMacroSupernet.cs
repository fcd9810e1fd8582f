namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using static TorchSharp.torch;

/// <summary>The ENAS macro-space shared model ω: every layer holds all candidate branches; channels stay constant
/// through the reductions, as in the reference search (<c>general_child.py</c> doubles only for a fixed arc).</summary>
public sealed class EnasMacroSupernet : WeightSharingNetwork
{
    private readonly EnasMacroBody body;
    private readonly NetworkOptions _options;

    /// <summary>Builds the shared model for <paramref name="space"/> (default: 12 layers, six ops).</summary>
    public EnasMacroSupernet(NetworkOptions options, EnasMacroSearchSpace? space = null) : base(nameof(EnasMacroSupernet))
    {
        Space = space ?? new EnasMacroSearchSpace();
        _options = options;
        body = new EnasMacroBody(options, Enumerable.Repeat(Space.Ops, Space.Layers).ToArray(), doubleChannels: false);
        RegisterComponents();
    }

    /// <summary>The space whose architectures this model runs.</summary>
    public EnasMacroSearchSpace Space { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Architecture architecture) => body.call(x, Genotype(architecture));

    /// <summary>The child at the search width (channels not doubled), weights copied from the shared model.</summary>
    public override ClassificationNetwork ExportChild(Architecture architecture)
    {
        var g = Genotype(architecture);
        return CopyStateInto(new EnasMacroNetwork(g, _options, doubleChannels: false), key =>
        {
            // body.layers.{i}.branches.0.* in the child is branch (index of the chosen op) in the shared layer.
            var parts = key.Split('.');
            if (parts.Length > 4 && parts[1] == "layers" && parts[3] == "branches")
                parts[4] = Space.Ops.ToList().IndexOf(g.Layers[int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)].Op)
                    .ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (string.Join('.', parts), null);
        });
    }

    private EnasMacroGenotype Genotype(Architecture architecture)
    {
        if (architecture is not EnasMacroGenotype g)
            throw new ArgumentException($"the ENAS macro model runs macro genotypes, got a '{architecture.Space}' architecture", nameof(architecture));
        Space.Validate(g);
        return g;
    }
}
