namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The ENAS micro-space shared model ω (Pham et al. 2018, section 2.4): the <see cref="DartsNetwork"/> skeleton (3C stem,
/// <c>Layers</c> cells with reductions at layers/3 and 2·layers/3, global pooling, linear classifier) built from
/// <see cref="EnasMicroSharedCell"/>s. ENAS searches with 6 normal cells plus 2 reductions (<c>Layers = 8</c>) and
/// 20 channels (<c>cifar10_micro_search.sh</c>). Differences from the reference, chosen so the derived child is
/// exactly the foundation's <see cref="DartsNetwork"/>: reduction cells apply stride-2 ops to their inputs (ENAS's
/// fixed child does; its search model reduces first and runs a stride-1 cell), and the per-cell 1x1 combination
/// lives in the next cell's preprocessing (as in DARTS) instead of at the end of the cell; the auxiliary head
/// (<c>--child_use_aux_heads</c>, <see cref="NetworkOptions.Auxiliary"/>) sits after the second reduction cell as
/// DARTS's, one cell earlier than <c>micro_child.py</c>'s (after the cell that follows it); dropout before the classifier
/// is the reference's <c>child_keep_prob</c> (0.9 in <c>cifar10_micro_search.sh</c>).
/// </summary>
public sealed class EnasMicroSupernet : WeightSharingNetwork
{
    private const int StemMultiplier = 3; // as DartsNetwork and ENAS micro_child.py (stem out_filters * 3)
    private readonly Sequential stem;
    private readonly ModuleList<EnasMicroSharedCell> cells;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Linear classifier;
    private readonly AuxiliaryHead? auxiliary;
    private readonly NetworkOptions _options;
    private readonly int _auxIndex;
    private readonly double _dropout;

    /// <summary>Builds the shared model.</summary>
    /// <param name="options">Input shape, classes, channels C and total cells (reductions included).</param>
    /// <param name="space">The micro space (nodes and ops); default <see cref="EnasMicroSearchSpace"/> defaults.</param>
    /// <param name="dropout">Dropout probability before the classifier while training (1 − keep_prob). Default 0.</param>
    public EnasMicroSupernet(NetworkOptions options, EnasMicroSearchSpace? space = null, double dropout = 0) : base(nameof(EnasMicroSupernet))
    {
        if (dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "expected a dropout probability in [0, 1)");
        _dropout = dropout;
        _auxIndex = 2 * options.Layers / 3;
        int size = options.ImageSize, auxChannels = 0, auxSize = 0;
        Space = space ?? new EnasMicroSearchSpace();
        _options = options with { Auxiliary = false };
        var c = options.Channels;
        var cCurr = StemMultiplier * c;
        stem = nn.Sequential(nn.Conv2d(options.InputChannels, cCurr, 3, padding: 1, bias: false), nn.BatchNorm2d(cCurr));
        int cPrevPrev = cCurr, cPrev = cCurr;
        cCurr = c;
        var reductionPrev = false;
        cells = new ModuleList<EnasMicroSharedCell>();
        for (var i = 0; i < options.Layers; i++)
        {
            var reduction = i == options.Layers / 3 || i == 2 * options.Layers / 3;
            if (reduction)
            {
                cCurr *= 2;
                size = (size + 1) / 2;
            }
            var cell = new EnasMicroSharedCell(Space.Nodes, Space.Ops, cPrevPrev, cPrev, cCurr, reduction, reductionPrev);
            cells.Add(cell);
            reductionPrev = reduction;
            cPrevPrev = cPrev;
            cPrev = cell.OutputChannels;
            if (i == _auxIndex) (auxChannels, auxSize) = (cPrev, size);
        }
        if (options.Auxiliary) auxiliary = new AuxiliaryHead(auxChannels, auxSize, options.Classes);
        pool = nn.AdaptiveAvgPool2d(1);
        classifier = nn.Linear(cPrev, options.Classes);
        RegisterComponents();
    }

    /// <summary>The space whose architectures this model runs.</summary>
    public EnasMicroSearchSpace Space { get; }

    /// <summary>Whether the model has the auxiliary head.</summary>
    public bool HasAuxiliaryHead => auxiliary is not null;

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Architecture architecture)
    {
        var (logits, aux) = ForwardWithAux(x, architecture);
        aux?.Dispose();
        return logits;
    }

    /// <summary>Logits of <paramref name="architecture"/>'s subgraph and, in training mode with the auxiliary head, the
    /// auxiliary logits (else null).</summary>
    public (Tensor Logits, Tensor? AuxLogits) ForwardWithAux(Tensor x, Architecture architecture)
    {
        var g = Genotype(architecture);
        using var scope = NewDisposeScope();
        Tensor? aux = null;
        var s0 = stem.call(x);
        var s1 = s0;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            CellStates.Advance(ref s0, ref s1, cell.call(s0, s1, cell.Reduction ? g.Reduce : g.Normal));
            if (i == _auxIndex && auxiliary is not null && training) aux = auxiliary.call(s1);
        }
        var features = pool.call(s1).flatten(1);
        if (_dropout > 0 && training) features = nn.functional.dropout(features, _dropout, training: true);
        var logits = classifier.call(features);
        return (logits.MoveToOuterDisposeScope(), aux?.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override ClassificationNetwork ExportChild(Architecture architecture)
    {
        var g = Genotype(architecture);
        return CopyStateInto(new DartsNetwork(g, _options), key => Map(key, g));
    }

    private CellGenotype Genotype(Architecture architecture)
    {
        if (architecture is not CellGenotype g)
            throw new ArgumentException($"the ENAS micro model runs cell genotypes, got a '{architecture.Space}' architecture", nameof(architecture));
        Space.Validate(g);
        return g;
    }

    private Cell CellOf(int k, CellGenotype g) => cells[k].Reduction ? g.Reduce : g.Normal;

    // Maps a DartsNetwork state-dict key to the shared key and, for 1x1 convs fed by a cell, the columns to take.
    private (string Key, long[]? Columns) Map(string key, CellGenotype g)
    {
        var parts = key.Split('.');
        if (parts[0] == "classifier" && parts[1] == "weight")
            return (key, BlockColumns(CellOf(cells.Count - 1, g).Concat, cells[^1].Channels));
        if (parts[0] != "cells") return (key, null);
        var k = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var cell = CellOf(k, g);
        switch (parts[2])
        {
            case "preprocess0" or "preprocess1":
                var source = parts[2] == "preprocess0" ? k - 2 : k - 1;
                var isConvWeight = parts[^1] == "weight" && parts[^2].StartsWith("conv", StringComparison.Ordinal);
                return (key, source >= 0 && isConvWeight ? BlockColumns(CellOf(source, g).Concat, cells[source].Channels) : null);
            case "ops":
                var e = int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
                var edge = cell.Edges[e];
                var index = cells[k].OpIndex(e / 2, e % 2, edge.Input, edge.Op);
                return ($"cells.{k}.ops.{index}" + (parts.Length > 4 ? "." + string.Join('.', parts.Skip(4)) : ""), null);
            case "calibrate":
                var input = cell.Concat.Where(i => i < 2).Distinct().ElementAt(int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture));
                return ($"cells.{k}.calibrate.{input}" + (parts.Length > 4 ? "." + string.Join('.', parts.Skip(4)) : ""), null);
            default:
                return (key, null);
        }
    }
}
