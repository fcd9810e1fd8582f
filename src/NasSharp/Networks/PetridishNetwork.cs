namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The network of a <see cref="PetridishGenotype"/>: DARTS's layout (<see cref="DartsNetwork"/>: 3C stem, reductions at
/// 1/3 and 2/3 of the cells with channels doubled, optional auxiliary head, global pooling, linear classifier) with
/// <see cref="PetridishCellModule"/> cells, whose outputs have C channels (a sum, not a concat). Built with
/// <c>withCandidates</c>, every cell gets a candidate node over all its states, weighted by one vector per cell type
/// (<see cref="CandidateWeights"/>, initialised to 1/pairs as petridishnn's <c>omega</c>), and
/// <see cref="RegularizationLoss"/> is the L1 penalty on them.
/// </summary>
public sealed class PetridishNetwork : ClassificationNetwork
{
    private const int StemMultiplier = 3; // DARTS model.py
    private readonly nn.Module<Tensor, Tensor> stem;
    private readonly ModuleList<PetridishCellModule> cells;
    private readonly AuxiliaryHead? auxiliary;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Dropout? dropout;
    private readonly Linear classifier;
    private readonly Parameter? candidate_normal;
    private readonly Parameter? candidate_reduce;
    private readonly int _auxIndex;

    /// <summary>The L1 weight on the candidate weights: 0.001, archai <c>petridish.yaml</c> <c>l1_alphas</c> ("as per paper").</summary>
    public const double DefaultL1 = 0.001;

    /// <summary>Builds the network; with <paramref name="withCandidates"/> (default false) every cell also gets candidates.</summary>
    public PetridishNetwork(PetridishGenotype genotype, NetworkOptions options, bool withCandidates = false) : base(nameof(PetridishNetwork))
    {
        ArgumentNullException.ThrowIfNull(genotype);
        PetridishSearchSpace.Validate(genotype);
        Genotype = genotype;
        var c = options.Channels;
        var cCurr = StemMultiplier * c;
        stem = Ops.CellOps.Real.Stem(options.InputChannels, cCurr);
        int cPrevPrev = cCurr, cPrev = cCurr;
        cCurr = c;
        var reductionPrev = false;
        var size = options.ImageSize;
        var auxChannels = 0;
        var auxSize = 0;
        cells = new ModuleList<PetridishCellModule>();
        _auxIndex = 2 * options.Layers / 3;
        for (var i = 0; i < options.Layers; i++)
        {
            var reduction = i == options.Layers / 3 || i == 2 * options.Layers / 3;
            if (reduction)
            {
                cCurr *= 2;
                size = (size + 1) / 2;
            }
            cells.Add(new PetridishCellModule(reduction ? genotype.Reduce : genotype.Normal, cPrevPrev, cPrev, cCurr, reduction, reductionPrev, withCandidates));
            reductionPrev = reduction;
            cPrevPrev = cPrev;
            cPrev = cCurr;
            if (i == _auxIndex)
            {
                auxChannels = cPrev;
                auxSize = size;
            }
        }
        if (options.Auxiliary) auxiliary = new AuxiliaryHead(auxChannels, auxSize, options.Classes);
        pool = nn.AdaptiveAvgPool2d(1);
        if (options.Dropout > 0) dropout = nn.Dropout(options.Dropout);
        classifier = nn.Linear(cPrev, options.Classes);
        if (withCandidates)
        {
            var normal = PetridishCandidates.Pairs(genotype.Normal.States).Length;
            var reduce = PetridishCandidates.Pairs(genotype.Reduce.States).Length;
            candidate_normal = new Parameter(full(normal, 1.0 / normal));
            candidate_reduce = new Parameter(full(reduce, 1.0 / reduce));
        }
        RegisterComponents();
    }

    /// <summary>The genotype it was built from.</summary>
    public PetridishGenotype Genotype { get; }

    /// <summary>The cells.</summary>
    public IReadOnlyList<PetridishCellModule> Cells => cells.ToArray();

    /// <summary>Whether candidates are attached.</summary>
    public bool HasCandidates => candidate_normal is not null;

    /// <summary>L1 weight on the candidate weights. Default <see cref="DefaultL1"/> (0.001).</summary>
    public double CandidateL1 { get; set; } = DefaultL1;

    /// <summary>The candidate weights of <paramref name="cell"/> (<c>normal</c> or <c>reduce</c>), one per pair of
    /// <see cref="PetridishCandidates.Pairs"/>.</summary>
    /// <exception cref="InvalidOperationException">No candidates are attached.</exception>
    public Parameter CandidateWeights(string cell) =>
        (cell == "reduce" ? candidate_reduce : cell == "normal" ? candidate_normal : throw new ArgumentException($"cell '{cell}': expected normal or reduce", nameof(cell)))
        ?? throw new InvalidOperationException("This network has no candidates attached.");

    /// <summary>The candidate weights' parameters (both cell types); empty without candidates.</summary>
    public IEnumerable<Parameter> CandidateParameters() =>
        new[] { candidate_normal, candidate_reduce }.Where(p => p is not null).Select(p => p!);

    /// <summary>Names of the parameters that exist only for the candidates: their weights, their ops, and input 0's
    /// preprocessing in cells whose parent does not read input 0. Empty without candidates.</summary>
    public IReadOnlySet<string> CandidateOnlyParameterNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!HasCandidates) return names;
        var cellList = cells.ToArray();
        foreach (var (name, _) in named_parameters())
        {
            if (name.StartsWith("candidate_", StringComparison.Ordinal) || name.Contains(".candidates.", StringComparison.Ordinal)) names.Add(name);
            else if (name.StartsWith("cells.", StringComparison.Ordinal) && name.Split('.') is [_, var index, "preprocess0", ..] &&
                     cellList[int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)].Preprocess0ForCandidatesOnly) names.Add(name);
        }
        return names;
    }

    /// <inheritdoc />
    /// <remarks>With candidates: two groups, the parent's parameters and <see cref="CandidateOnlyParameterNames"/>, so
    /// clipping leaves the parent's updates as they would be without candidates (petridishnn clips all variables together).</remarks>
    public override IReadOnlyList<Parameter[]> ClippingGroups(Parameter[] parameters)
    {
        if (!HasCandidates) return [parameters];
        var names = CandidateOnlyParameterNames();
        var candidate = named_parameters().Where(p => names.Contains(p.name)).Select(p => p.parameter.Handle).ToHashSet();
        return [parameters.Where(p => !candidate.Contains(p.Handle)).ToArray(), parameters.Where(p => candidate.Contains(p.Handle)).ToArray()];
    }

    /// <inheritdoc />
    public override bool HasAuxiliaryHead => auxiliary is not null;

    /// <inheritdoc />
    /// <remarks><see cref="CandidateL1"/> × Σ|w| over both candidate weight vectors; null without candidates.</remarks>
    public override Tensor? RegularizationLoss() =>
        candidate_normal is null ? null : candidate_normal.abs().sum().add(candidate_reduce!.abs().sum()).mul(CandidateL1);

    /// <inheritdoc />
    public override (Tensor Logits, Tensor? AuxLogits) ForwardWithAux(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor? aux = null;
        var s0 = stem.call(x);
        var s1 = s0;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (candidate_normal is not null) cell.CandidateWeights = cell.Reduction ? candidate_reduce : candidate_normal;
            CellStates.Advance(ref s0, ref s1, cell.call(s0, s1));
            if (i == _auxIndex && auxiliary is not null && training) aux = auxiliary.call(s1);
        }
        var features = pool.call(s1).flatten(1);
        var logits = classifier.call(dropout is null ? features : dropout.call(features));
        return (logits.MoveToOuterDisposeScope(), aux?.MoveToOuterDisposeScope());
    }
}
