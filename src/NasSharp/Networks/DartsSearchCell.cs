namespace NasSharp.Networks;

using NasSharp.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>A cell of the DARTS supernet (<c>cnn/model_search.py</c> <c>Cell</c>): two preprocessed inputs (BatchNorm
/// not affine), node i sums a <see cref="MixedOp"/> over every earlier state, and the output concatenates the nodes.</summary>
public sealed class DartsSearchCell : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> preprocess0;
    private readonly nn.Module<Tensor, Tensor> preprocess1;
    private readonly ModuleList<MixedOp> edges;
    private readonly int _nodes;

    /// <summary>Builds the cell with <paramref name="nodes"/> nodes (DARTS: 4) of <paramref name="c"/> channels.</summary>
    public DartsSearchCell(IReadOnlyList<string> ops, CellOps family, int nodes, int cPrevPrev, int cPrev, int c, bool reduction, bool reductionPrev)
        : base(nameof(DartsSearchCell))
    {
        Reduction = reduction;
        _nodes = nodes;
        preprocess0 = reductionPrev ? family.PreprocessReduce(cPrevPrev, c, false) : family.Preprocess(cPrevPrev, c, false);
        preprocess1 = family.Preprocess(cPrev, c, false);
        edges = new ModuleList<MixedOp>();
        for (var i = 0; i < nodes; i++)
            for (var j = 0; j < 2 + i; j++)
                edges.Add(new MixedOp(ops, family, c, reduction && j < 2 ? 2 : 1));
        RegisterComponents();
    }

    /// <summary>Whether the cell halves the resolution.</summary>
    public bool Reduction { get; }

    /// <summary>Whether the ops reading the same state (on all its edges) share their first step
    /// (<see cref="ISharedInputOp"/>: the leading ReLU, a pool); default true. False runs every op on its own, as
    /// DARTS's <c>model_search.py</c> does (same forward values, gradients within float rounding).</summary>
    public bool ShareInputWork { get; set; } = true;

    /// <summary>Edges in order: node 0's inputs 0, 1; node 1's inputs 0, 1, 2; ...</summary>
    public static int EdgeCount(int nodes) => nodes * (nodes + 3) / 2;

    /// <inheritdoc />
    /// <param name="s0">Cell input k-2.</param>
    /// <param name="s1">Cell input k-1.</param>
    /// <param name="weights">Mixing weights [edges, ops].</param>
    public override Tensor forward(Tensor s0, Tensor s1, Tensor weights)
    {
        using var scope = NewDisposeScope();
        var w = weights.unbind(0);
        var states = new List<Tensor> { preprocess0.call(s0), preprocess1.call(s1) };
        using var shared = new SharedInputWork(ShareInputWork);
        var offset = 0;
        for (var i = 0; i < _nodes; i++)
        {
            Tensor? sum = null;
            for (var j = 0; j < states.Count; j++)
            {
                var h = edges[offset + j].forward(states[j], w[offset + j], shared);
                if (sum is null)
                {
                    sum = h;
                    continue;
                }
                // In place (the edge outputs are sums no backward reads; the same additions in the same order) and the
                // edge's output disposed at once, as PyTorch frees it, not at the cell's end (see CellStates.Advance).
                sum.add_(h);
                h.Dispose();
            }
            offset += states.Count;
            states.Add(sum!);
        }
        return torch.cat(states.Skip(2).ToArray(), 1).MoveToOuterDisposeScope();
    }
}
