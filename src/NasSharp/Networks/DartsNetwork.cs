namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The DARTS/NASNet evaluation network (DARTS <c>cnn/model.py</c> <c>NetworkCIFAR</c>): a 3×C stem, <c>Layers</c>
/// cells with reduction cells at layers/3 and 2·layers/3 (channels doubled there), an optional auxiliary head after
/// cell 2·layers/3, global average pooling and a linear classifier.
/// </summary>
public sealed class DartsNetwork : ClassificationNetwork
{
    private const int StemMultiplier = 3; // DARTS model.py
    private readonly nn.Module<Tensor, Tensor> stem;
    private readonly ModuleList<DartsCell> cells;
    private readonly AuxiliaryHead? auxiliary;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Dropout? dropout;
    private readonly Linear classifier;
    private readonly int _auxIndex;
    private readonly bool _channelsLastInference;

    /// <summary>Builds the network for <paramref name="genotype"/> from the op family <paramref name="family"/>
    /// (default <see cref="Ops.CellOps.Real"/>, DARTS's; BATS's binary family gives BATS's <c>BATSNetworkCIFAR</c>).</summary>
    public DartsNetwork(CellGenotype genotype, NetworkOptions options, Ops.CellOps? family = null) : base(nameof(DartsNetwork))
    {
        family ??= Ops.CellOps.Real;
        var c = options.Channels;
        family.CheckChannels(c);
        _channelsLastInference = family.ChannelsLastInference;
        var cCurr = StemMultiplier * c;
        stem = family.Stem(options.InputChannels, cCurr);
        int cPrevPrev = cCurr, cPrev = cCurr;
        cCurr = c;
        var reductionPrev = false;
        var size = options.ImageSize;
        var auxChannels = 0;
        var auxSize = 0;
        cells = new ModuleList<DartsCell>();
        _auxIndex = 2 * options.Layers / 3;
        for (var i = 0; i < options.Layers; i++)
        {
            var reduction = i == options.Layers / 3 || i == 2 * options.Layers / 3;
            if (reduction)
            {
                cCurr *= 2;
                size = (size + 1) / 2;
            }
            var cell = new DartsCell(reduction ? genotype.Reduce : genotype.Normal, cPrevPrev, cPrev, cCurr, reduction, reductionPrev, family);
            cells.Add(cell);
            reductionPrev = reduction;
            cPrevPrev = cPrev;
            cPrev = cell.Multiplier * cCurr;
            if (i == _auxIndex)
            {
                auxChannels = cPrev;
                auxSize = size;
            }
        }
        if (options.Auxiliary) auxiliary = new AuxiliaryHead(auxChannels, auxSize, options.Classes);
        pool = nn.AdaptiveAvgPool2d(1);
        // Only built when used: with none the module tree (and every result) is what it was without the option.
        if (options.Dropout > 0) dropout = nn.Dropout(options.Dropout);
        classifier = nn.Linear(cPrev, options.Classes);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override bool HasAuxiliaryHead => auxiliary is not null;

    /// <inheritdoc />
    public override (Tensor Logits, Tensor? AuxLogits) ForwardWithAux(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor? aux = null;
        var s0 = stem.call(x);
        if (_channelsLastInference) // channels-last in eval (InferenceLayout); the NCHW stem output is freed at once
        {
            var stemOutput = s0;
            s0 = InferenceLayout.Prepare(stemOutput, training);
            if (!ReferenceEquals(s0, stemOutput)) stemOutput.Dispose();
        }
        var s1 = s0;
        for (var i = 0; i < cells.Count; i++)
        {
            cells[i].DropPathProbability = DropPathProbability;
            CellStates.Advance(ref s0, ref s1, cells[i].call(s0, s1));
            if (i == _auxIndex && auxiliary is not null && training) aux = auxiliary.call(s1);
        }
        var features = pool.call(s1).flatten(1);
        var logits = classifier.call(dropout is null ? features : dropout.call(features));
        return (logits.MoveToOuterDisposeScope(), aux?.MoveToOuterDisposeScope());
    }
}
