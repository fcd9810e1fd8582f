namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The NAS-Bench-201 network (<see cref="Nb201Network"/>: stem, three stages of N cells joined by residual blocks,
/// BN+ReLU, pool, linear) with <see cref="Nb201SharedCell"/>s: ENAS's shared model ω on the NB201 space. A forward
/// pass with a genotype runs only its ops; <see cref="ExportChild"/> gives the stand-alone <see cref="Nb201Network"/>
/// with the shared weights, computing the same function.
/// </summary>
public sealed class Nb201Supernet : WeightSharingNetwork
{
    private readonly Sequential stem;
    private readonly ModuleList<nn.Module> body;
    private readonly Sequential lastAct;
    private readonly Linear classifier;
    private readonly NetworkOptions _options;

    /// <summary>Builds the shared model; <see cref="NetworkOptions.Layers"/> is N, cells per stage.</summary>
    public Nb201Supernet(NetworkOptions options) : base(nameof(Nb201Supernet))
    {
        _options = options with { Auxiliary = false, Dropout = 0 };
        (stem, body, lastAct, classifier) = Nb201Layout.Build<nn.Module>(options, c => new Nb201SharedCell(c), (a, b) => new Nb201ResidualBlock(a, b));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Architecture architecture)
    {
        var g = Genotype(architecture);
        using var scope = NewDisposeScope();
        var h = stem.call(x);
        foreach (var m in body)
            h = m is Nb201SharedCell cell ? cell.call(h, g) : ((nn.Module<Tensor, Tensor>)m).call(h);
        return classifier.call(lastAct.call(h).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override ClassificationNetwork ExportChild(Architecture architecture)
    {
        var g = Genotype(architecture);
        // Nb201Network's cell keys are body.{i}.edges.{e}.*; the shared cell keeps op k of edge e at body.{i}.edges.{e}.{k}.*
        return CopyStateInto(new Nb201Network(g, _options), key =>
        {
            var parts = key.Split('.');
            if (parts.Length < 4 || parts[0] != "body" || parts[2] != "edges") return (key, null);
            var e = int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
            var k = Nb201SharedCell.OpIndex(g.Ops[e]);
            return ($"body.{parts[1]}.edges.{e}.{k}." + string.Join('.', parts.Skip(4)), null);
        });
    }

    private static Nb201Genotype Genotype(Architecture architecture) =>
        architecture as Nb201Genotype
        ?? throw new ArgumentException($"the NAS-Bench-201 shared model runs nb201 cells, got a '{architecture.Space}' architecture", nameof(architecture));
}
