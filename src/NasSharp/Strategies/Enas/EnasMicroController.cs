namespace NasSharp.Strategies.Enas;

using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The ENAS micro controller (melodyguan/enas <c>micro_controller.py</c>): the normal cell then the reduction cell, the
/// second continuing the first's LSTM state. Per node: two inputs chosen by attention over the anchors (the cell
/// inputs' anchors are zero vectors), then two ops; after each node one more LSTM step makes the node's anchor.
/// Op logits are <c>(c / 2.5)·tanh(W·h + b)</c> with <c>b</c> learned and initialised to +10 for the two separable
/// convs, and the normal cell adds a fixed <c>[+0.25, +0.25, −0.25, …]</c> (the reference's <c>b_soft_no_learn</c>).
/// </summary>
public sealed class EnasMicroController : EnasController
{
#pragma warning disable IDE1006
    private readonly TorchSharp.Modules.Parameter b_soft;
#pragma warning restore IDE1006
    private readonly Tensor _fixedBias;

    /// <summary>Creates the controller.</summary>
    /// <param name="space">The micro space (nodes, ops).</param>
    /// <param name="lstmSize">Hidden size; default 64 (ENAS <c>main.py</c>).</param>
    /// <param name="tanhConstant">Default 1.1 (<c>cifar10_micro_search.sh</c>).</param>
    /// <param name="opTanhReduce">Op logits use <c>c / opTanhReduce</c>; default 2.5 (<c>cifar10_micro_search.sh</c>).</param>
    /// <param name="temperature">Default none (0).</param>
    public EnasMicroController(EnasMicroSearchSpace space, int lstmSize = 64, double tanhConstant = 1.1, double opTanhReduce = 2.5,
        double temperature = 0) : base(nameof(EnasMicroController), space.Ops, lstmSize, tanhConstant, temperature)
    {
        Space = space;
        OpTanhReduce = opTanhReduce;
        b_soft = new TorchSharp.Modules.Parameter(zeros(1, space.Ops.Count));
        RegisterComponents();
        Initialize();
        // Reference: b_soft initialised to [10, 10, 0, ...] and b_soft_no_learn = [0.25, 0.25, -0.25, ...]: both favour
        // the first two ops, the separable convolutions.
        var init = Enumerable.Range(0, space.Ops.Count).Select(i => i < 2 ? 10f : 0f).ToArray();
        using (no_grad())
        using (var initial = tensor(init))
            b_soft.copy_(initial.view(1, -1));
        _fixedBias = tensor(Enumerable.Range(0, space.Ops.Count).Select(i => i < 2 ? 0.25f : -0.25f).ToArray()).DetachFromDisposeScope();
    }

    /// <summary>The space sampled.</summary>
    public EnasMicroSearchSpace Space { get; }

    /// <summary>Divisor of the tanh constant for op logits.</summary>
    public double OpTanhReduce { get; }

    /// <inheritdoc />
    public override int[] Encode(Architecture architecture)
    {
        if (architecture is not CellGenotype g) throw new ArgumentException($"expected a cell genotype, got space '{architecture.Space}'", nameof(architecture));
        Space.Validate(g);
        var v = new List<int>();
        foreach (var cell in new[] { g.Normal, g.Reduce })
            for (var node = 0; node < cell.Nodes; node++)
            {
                var a = cell.Edges[2 * node];
                var b = cell.Edges[2 * node + 1];
                v.AddRange([a.Input, b.Input, IndexOf(a.Op), IndexOf(b.Op)]);
            }
        return v.ToArray();
    }

    private protected override (Architecture Architecture, Tensor? SkipPenalty) Decide(DecisionTape tape)
    {
        var state = ZeroState();
        var normal = DecideCell(tape, ref state, fixedBias: true, "normal");
        var reduce = DecideCell(tape, ref state, fixedBias: false, "reduce");
        return (new CellGenotype(normal, reduce), null);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _fixedBias.Dispose();
        base.Dispose(disposing);
    }

    private Cell DecideCell(DecisionTape tape, ref (Tensor H, Tensor C) state, bool fixedBias, string group)
    {
        var anchors = new List<Tensor>();
        var anchorsW1 = new List<Tensor>();
        Tensor inputs = g_emb;
        for (var i = 0; i < 2; i++)
        {
            state = Step(inputs, state);
            anchors.Add(zeros_like(state.H));
            anchorsW1.Add(state.H.matmul(w_attn_1));
        }
        var edges = new List<OpEdge>();
        for (var node = 0; node < Space.Nodes; node++)
        {
            var ids = new int[2];
            for (var i = 0; i < 2; i++)
            {
                state = Step(inputs, state);
                ids[i] = tape.Choose(Squash(Attention(anchorsW1, state.H)));
                inputs = anchors[ids[i]];
            }
            var ops = new int[2];
            for (var i = 0; i < 2; i++)
            {
                state = Step(inputs, state);
                var logits = Squash(state.H.matmul(w_soft) + b_soft, OpTanhReduce).view(-1);
                if (fixedBias) logits = logits + _fixedBias;
                ops[i] = tape.Choose(logits, group);
                inputs = w_emb[ops[i]].unsqueeze(0);
            }
            state = Step(inputs, state);
            anchors.Add(state.H);
            anchorsW1.Add(state.H.matmul(w_attn_1));
            inputs = g_emb;
            edges.Add(new OpEdge(Space.Ops[ops[0]], ids[0]));
            edges.Add(new OpEdge(Space.Ops[ops[1]], ids[1]));
        }
        return EnasMicroSearchSpace.CellFromEdges(edges);
    }

    private int IndexOf(string op)
    {
        for (var i = 0; i < Space.Ops.Count; i++)
            if (Space.Ops[i] == op) return i;
        throw new ArgumentException($"op '{op}' is not in the space: {string.Join(", ", Space.Ops)}");
    }
}
