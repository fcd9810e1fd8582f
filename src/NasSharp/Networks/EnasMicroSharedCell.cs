namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// One cell of the ENAS micro shared model: every (node, slot, input, op) owns its own op module (ENAS
/// <c>micro_child.py</c> keeps separate <c>x</c>/<c>y</c> weights per node and per input), and a forward pass runs only
/// the two edges per node that the sampled <see cref="Cell"/> names. The output always has <c>(nodes + 2) × c</c>
/// channels: state <c>j</c> fills block <c>j</c> when it is a loose end and zeros otherwise, so the next cell's 1x1
/// preprocessing sees exactly what a <see cref="DartsCell"/> with the sampled concat would see (zero blocks add
/// nothing). Layout and op modules match <see cref="DartsCell"/>, which is what lets weights be copied across.
/// </summary>
public sealed class EnasMicroSharedCell : nn.Module<Tensor, Tensor, Cell, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> preprocess0;
    private readonly ReluConvBn preprocess1;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> ops;
    private readonly ModuleList<FactorizedReduce> calibrate;
    private readonly int[] _nodeOffset;
    private readonly IReadOnlyList<string> _opNames;

    /// <summary>Builds the cell.</summary>
    /// <param name="nodes">Nodes B.</param>
    /// <param name="opNames">Candidate ops.</param>
    /// <param name="cPrevPrev">Channels of input k-2 (all blocks).</param>
    /// <param name="cPrev">Channels of input k-1 (all blocks).</param>
    /// <param name="c">Channels per node.</param>
    /// <param name="reduction">Whether ops on the cell inputs stride 2.</param>
    /// <param name="reductionPrev">Whether input k-2 must be brought down by a FactorizedReduce.</param>
    public EnasMicroSharedCell(int nodes, IReadOnlyList<string> opNames, int cPrevPrev, int cPrev, int c, bool reduction, bool reductionPrev)
        : base(nameof(EnasMicroSharedCell))
    {
        Nodes = nodes;
        Channels = c;
        Reduction = reduction;
        _opNames = opNames;
        preprocess0 = reductionPrev ? new FactorizedReduce(cPrevPrev, c, true) : new ReluConvBn(cPrevPrev, c, 1, 1, 0, true);
        preprocess1 = new ReluConvBn(cPrev, c, 1, 1, 0, true);
        ops = new ModuleList<nn.Module<Tensor, Tensor>>();
        _nodeOffset = new int[nodes];
        for (var node = 0; node < nodes; node++)
        {
            _nodeOffset[node] = ops.Count;
            for (var slot = 0; slot < 2; slot++)
                for (var input = 0; input < node + 2; input++)
                    foreach (var op in opNames)
                        ops.Add(OpRegistry.Create(op, c, reduction && input < 2 ? 2 : 1, affine: true));
        }
        calibrate = new ModuleList<FactorizedReduce>();
        if (reduction)
        {
            calibrate.Add(new FactorizedReduce(c, c, true));
            calibrate.Add(new FactorizedReduce(c, c, true));
        }
        RegisterComponents();
    }

    /// <summary>Nodes per cell.</summary>
    public int Nodes { get; }

    /// <summary>Channels per state (one output block).</summary>
    public int Channels { get; }

    /// <summary>Whether this cell halves resolution.</summary>
    public bool Reduction { get; }

    /// <summary>Output channels: one block per state.</summary>
    public int OutputChannels => (Nodes + 2) * Channels;

    /// <summary>Index into the op list of edge (<paramref name="node"/>, <paramref name="slot"/>) reading
    /// <paramref name="input"/> through <paramref name="op"/>.</summary>
    public int OpIndex(int node, int slot, int input, string op)
    {
        var o = -1;
        for (var i = 0; i < _opNames.Count; i++)
            if (_opNames[i] == op) o = i;
        if (o < 0) throw new ArgumentException($"op '{op}' is not in this cell's candidates: {string.Join(", ", _opNames)}", nameof(op));
        if (input < 0 || input > node + 1) throw new ArgumentOutOfRangeException(nameof(input), input, $"node {node} reads states 0..{node + 1}");
        return _nodeOffset[node] + (slot * (node + 2) + input) * _opNames.Count + o;
    }

    private bool IsIdentity(OpEdge edge) => OpRegistry.IsIdentity(edge.Op, Reduction && edge.Input < 2 ? 2 : 1);

    /// <inheritdoc />
    public override Tensor forward(Tensor s0, Tensor s1, Cell cell)
    {
        if (cell.Nodes != Nodes) throw new ArgumentException($"the cell has {cell.Nodes} nodes, the shared cell {Nodes}", nameof(cell));
        using var scope = NewDisposeScope();
        var states = new List<Tensor> { preprocess0.call(s0), preprocess1.call(s1) };
        for (var node = 0; node < Nodes; node++)
        {
            var a = cell.Edges[2 * node];
            var b = cell.Edges[2 * node + 1];
            var h1 = ops[OpIndex(node, 0, a.Input, a.Op)].call(states[a.Input]);
            var h2 = ops[OpIndex(node, 1, b.Input, b.Op)].call(states[b.Input]);
            // The node's sum goes into an op's own output where one is not an identity (a state's alias): no new tensor.
            // The ops' outputs are not saved for backward (each ends in a batch norm or a pool, which keep their inputs,
            // not their outputs), and addition commutes exactly, so the values are those of h1 + h2. The other output is
            // freed here as PyTorch frees it, not at the cell's end (see CellStates.Advance).
            if (!IsIdentity(a))
            {
                states.Add(h1.add_(h2));
                if (!IsIdentity(b)) h2.Dispose();
            }
            else if (!IsIdentity(b))
            {
                states.Add(h2.add_(h1));
            }
            else
            {
                states.Add(h1.add(h2));
            }
        }
        var shape = states[^1].shape;
        var blocks = new Tensor[Nodes + 2];
        Tensor? zero = null; // one zero block for every state left out, not one each (the cat copies it)
        for (var j = 0; j < blocks.Length; j++)
        {
            if (!cell.Concat.Contains(j)) blocks[j] = zero ??= zeros(shape, dtype: states[^1].dtype, device: states[^1].device);
            else blocks[j] = Reduction && j < 2 ? calibrate[j].call(states[j]) : states[j];
        }
        return cat(blocks, 1).MoveToOuterDisposeScope();
    }
}
