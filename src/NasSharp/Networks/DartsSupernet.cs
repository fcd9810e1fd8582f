namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The DARTS search network (<c>cnn/model_search.py</c> <c>Network</c>): a 3×C stem, <c>Layers</c>
/// <see cref="DartsSearchCell"/>s with reductions at layers/3 and 2·layers/3, global pooling and a linear classifier;
/// α_normal and α_reduce ([14, 8] for 4 nodes and the 8 DARTS ops) initialised as <c>1e-3 · randn</c>. Built from an op
/// family: <see cref="CellOps.Real"/> is DARTS; BATS's binary family gives BATS's binary search space.
/// </summary>
public sealed class DartsSupernet : DifferentiableSupernet
{
    private const int StemMultiplier = 3; // model_search.py
    private readonly nn.Module<Tensor, Tensor> stem;
    private readonly ModuleList<DartsSearchCell> cells;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Linear classifier;
    private readonly Parameter alphas_normal;
    private readonly Parameter alphas_reduce;
    private readonly AlphaGroup[] _groups;
    private readonly int _nodes;

    /// <summary>Builds the supernet.</summary>
    /// <param name="options">Input shape, classes, channels C (DARTS search: 16) and cells (DARTS search: 8).</param>
    /// <param name="family">Op family; default <see cref="CellOps.Real"/>.</param>
    /// <param name="ops">Candidate ops; default <see cref="OpNames.Darts"/>.</param>
    /// <param name="nodes">Nodes per cell; default 4.</param>
    public DartsSupernet(NetworkOptions options, CellOps? family = null, IReadOnlyList<string>? ops = null, int nodes = 4) : base(nameof(DartsSupernet))
    {
        family ??= CellOps.Real;
        ops ??= OpNames.Darts;
        if (nodes < 1) throw new ArgumentOutOfRangeException(nameof(nodes), nodes, "A cell needs at least one node.");
        family.CheckChannels(options.Channels);
        _nodes = nodes;
        var c = options.Channels;
        var cCurr = StemMultiplier * c;
        stem = family.Stem(options.InputChannels, cCurr);
        int cPrevPrev = cCurr, cPrev = cCurr;
        cCurr = c;
        var reductionPrev = false;
        cells = new ModuleList<DartsSearchCell>();
        for (var i = 0; i < options.Layers; i++)
        {
            var reduction = i == options.Layers / 3 || i == 2 * options.Layers / 3;
            if (reduction) cCurr *= 2;
            cells.Add(new DartsSearchCell(ops, family, nodes, cPrevPrev, cPrev, cCurr, reduction, reductionPrev));
            reductionPrev = reduction;
            cPrevPrev = cPrev;
            cPrev = nodes * cCurr;
        }
        pool = nn.AdaptiveAvgPool2d(1);
        classifier = nn.Linear(cPrev, options.Classes);
        var edges = DartsSearchCell.EdgeCount(nodes);
        alphas_normal = nn.Parameter(randn(edges, ops.Count).mul_(1e-3));
        alphas_reduce = nn.Parameter(randn(edges, ops.Count).mul_(1e-3));
        RegisterComponents();
        var labels = EdgeLabels(nodes);
        _groups = [new AlphaGroup("normal", alphas_normal, labels, ops.ToArray()), new AlphaGroup("reduce", alphas_reduce, labels, ops.ToArray())];
    }

    /// <inheritdoc />
    public override IReadOnlyList<AlphaGroup> AlphaGroups => _groups;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var normal = MixingWeights(alphas_normal);
        var reduce = MixingWeights(alphas_reduce);
        var s0 = stem.call(x);
        var s1 = s0;
        foreach (var cell in cells) CellStates.Advance(ref s0, ref s1, cell.call(s0, s1, cell.Reduction ? reduce : normal));
        return classifier.call(pool.call(s1).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Both cells by <see cref="GenotypeDerivation.DartsCell"/> from softmax(α / T).</remarks>
    public override Architecture Derive()
    {
        var w = MixingWeightValues();
        return new CellGenotype(GenotypeDerivation.DartsCell(w["normal"], _groups[0].Ops, _nodes),
            GenotypeDerivation.DartsCell(w["reduce"], _groups[1].Ops, _nodes));
    }

    /// <summary><c>2&lt;-0</c>, <c>2&lt;-1</c>, <c>3&lt;-0</c>, ...: node (state number) and input of every edge.</summary>
    public static IReadOnlyList<string> EdgeLabels(int nodes) =>
        Enumerable.Range(0, nodes).SelectMany(i => Enumerable.Range(0, 2 + i).Select(j => $"{i + 2}<-{j}")).ToArray();
}
