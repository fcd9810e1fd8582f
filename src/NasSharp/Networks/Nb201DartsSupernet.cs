namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The NAS-Bench-201 network as a differentiable supernet (AutoDL-Projects <c>search_model_darts.py</c>
/// <c>TinyNetworkDarts</c>): the NB201 stem, three stages of <see cref="Nb201MixedCell"/>s joined by residual blocks,
/// BN + ReLU, pooling and a linear classifier; one α of [6 edges, 5 ops] shared by every cell, <c>1e-3 · randn</c>.
/// </summary>
public sealed class Nb201DartsSupernet : DifferentiableSupernet
{
    private readonly Sequential stem;
    private readonly ModuleList<nn.Module> body;
    private readonly Sequential lastAct;
    private readonly Linear classifier;
    private readonly Parameter arch_parameters;
    private readonly AlphaGroup[] _groups;

    /// <summary>Builds the supernet; <see cref="NetworkOptions.Layers"/> is N, cells per stage (AutoDL's search: 5).</summary>
    public Nb201DartsSupernet(NetworkOptions options) : base(nameof(Nb201DartsSupernet))
    {
        var ops = OpNames.Nb201;
        (stem, body, lastAct, classifier) = Nb201Layout.Build<nn.Module>(options, c => new Nb201MixedCell(c, ops), (a, b) => new Nb201ResidualBlock(a, b));
        arch_parameters = nn.Parameter(randn(Nb201Genotype.EdgeNodes.Count, ops.Count).mul_(1e-3));
        RegisterComponents();
        _groups = [new AlphaGroup("cell", arch_parameters, Nb201Genotype.EdgeNodes.Select(e => $"{e.To}<-{e.From}").ToArray(), ops.ToArray())];
    }

    /// <inheritdoc />
    public override IReadOnlyList<AlphaGroup> AlphaGroups => _groups;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var weights = MixingWeights(arch_parameters);
        var h = stem.call(x);
        foreach (var m in body) h = m is Nb201MixedCell cell ? cell.call(h, weights) : ((nn.Module<Tensor, Tensor>)m).call(h);
        return classifier.call(lastAct.call(h).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks><see cref="GenotypeDerivation.Nb201"/>: the largest weight on each edge, <c>none</c> included.</remarks>
    public override Architecture Derive() => GenotypeDerivation.Nb201(MixingWeightValues()["cell"], _groups[0].Ops);
}
