namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// One cell of a <see cref="PetridishNetwork"/> built from a <see cref="PetridishCell"/>: the DARTS preprocessing of the
/// two inputs (input 0 only when a node reads it, or candidates are attached), the nodes in order, and the output
/// <c>Σ output states + Σ gate_n · added node n</c>, C channels. With candidates attached the output gets
/// <c>+ sf(candidates)</c>: the same values, and gradients flow into the candidates only.
/// </summary>
public sealed class PetridishCellModule : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>? preprocess0;
    private readonly nn.Module<Tensor, Tensor> preprocess1;
    private readonly ModuleList<PetridishNodeModule> nodes;
    private readonly PetridishCandidates? candidates;
    private readonly int[] _output;

    /// <summary>Builds the cell (see <see cref="DartsCell"/> for the channel arguments); <paramref name="withCandidates"/>
    /// attaches a candidate node over every state.</summary>
    public PetridishCellModule(PetridishCell cell, int cPrevPrev, int cPrev, int c, bool reduction, bool reductionPrev, bool withCandidates)
        : base(nameof(PetridishCellModule))
    {
        Reduction = reduction;
        Preprocess0ForCandidatesOnly = withCandidates && !cell.Nodes.Any(n => n.Edges.Any(e => e.Input == 0));
        if (withCandidates || cell.Nodes.Any(n => n.Edges.Any(e => e.Input == 0)))
            preprocess0 = reductionPrev ? CellOps.Real.PreprocessReduce(cPrevPrev, c, true) : CellOps.Real.Preprocess(cPrevPrev, c, true);
        preprocess1 = CellOps.Real.Preprocess(cPrev, c, true);
        nodes = new ModuleList<PetridishNodeModule>();
        foreach (var n in cell.Nodes) nodes.Add(new PetridishNodeModule(n, c, reduction));
        if (withCandidates) candidates = new PetridishCandidates(cell.States, c, reduction) { StopInput0 = !Preprocess0ForCandidatesOnly };
        _output = cell.Output.ToArray();
        RegisterComponents();
    }

    /// <summary>Whether input 0's preprocessing exists only for the candidates (no node of the parent reads input 0): it is
    /// then trained with them (its output reaches the candidates without stop-gradient; the parent never sees it), so a
    /// child that reads input 0 inherits a trained projection. Its own input is detached, so no candidate gradient reaches
    /// the parent through it.</summary>
    public bool Preprocess0ForCandidatesOnly { get; }

    /// <summary>Whether this is a reduction cell.</summary>
    public bool Reduction { get; }

    /// <summary>The attached candidates, or null.</summary>
    public PetridishCandidates? Candidates => candidates;

    /// <summary>The nodes.</summary>
    public IReadOnlyList<PetridishNodeModule> Nodes => nodes.ToArray();

    /// <summary>The candidate weights of this cell's type, set by the network before each forward pass when candidates are attached.</summary>
    internal Tensor? CandidateWeights { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor s0, Tensor s1)
    {
        using var scope = NewDisposeScope();
        // A candidates-only preprocessing reads a detached s0: the candidates train it, but their gradient must not flow
        // on into the parent (the cells before, the stem) through it.
        var input0 = preprocess0 is null ? s0 : preprocess0.call(Preprocess0ForCandidatesOnly ? s0.detach() : s0);
        var states = new List<Tensor> { input0, preprocess1.call(s1) };
        foreach (var node in nodes) states.Add(node.call(states));
        Tensor output = states[_output[0]];
        for (var i = 1; i < _output.Length; i++) output = output.add(states[_output[i]]);
        for (var i = 0; i < nodes.Count; i++)
            if (nodes[i].Gate is { } gate) output = output.add(states[i + 2].mul(gate));
        if (candidates is not null)
            output = output.add(StopOps.StopForward(candidates.call(states, CandidateWeights
                ?? throw new InvalidOperationException("The cell has candidates but no candidate weights were set."))));
        return output.MoveToOuterDisposeScope();
    }
}
