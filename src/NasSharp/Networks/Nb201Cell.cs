namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>A NAS-Bench-201 cell (NB201 <c>lib/models/cell_infers/cells.py</c> <c>InferCell</c>): node i sums one op
/// per earlier node; <c>none</c> edges contribute zeros; the output is node 3.</summary>
public sealed class Nb201Cell : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> edges;

    /// <summary>Builds the cell with <paramref name="channels"/> channels (stride 1).</summary>
    public Nb201Cell(Nb201Genotype genotype, int channels) : base(nameof(Nb201Cell))
    {
        edges = new TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>>();
        foreach (var op in genotype.Ops) edges.Add(OpRegistry.Create(op, channels, 1, affine: true));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => Run(x, ShareInputWork, (e, input, shared) => shared.Call(edges[e], input));

    /// <summary>Whether ops reading the same node share their first step (<see cref="ISharedInputOp"/>: the leading
    /// ReLU, a pool); default true. False runs every op on its own, as NAS-Bench-201's <c>InferCell</c> does (same
    /// forward values, gradients within float rounding).</summary>
    public bool ShareInputWork { get; set; } = true;

    /// <summary>The NB201 cell's dataflow: node i is the sum over its incoming edges of <paramref name="edge"/>(edge index,
    /// the source node's tensor, the pass's shared steps); the output is node 3. Shared by the NB201 cells.</summary>
    internal static Tensor Run(Tensor x, bool shareInputWork, Func<int, Tensor, SharedInputWork, Tensor> edge)
    {
        using var scope = NewDisposeScope();
        using var shared = new SharedInputWork(shareInputWork);
        var nodes = new Tensor[4];
        nodes[0] = x;
        var edgeNodes = Nb201Genotype.EdgeNodes;
        for (var to = 1; to < 4; to++)
        {
            Tensor? sum = null;
            for (var e = 0; e < edgeNodes.Count; e++)
            {
                if (edgeNodes[e].To != to) continue;
                var h = edge(e, nodes[edgeNodes[e].From], shared);
                sum = sum is null ? h : sum.add(h);
            }
            nodes[to] = sum!;
        }
        return nodes[3].MoveToOuterDisposeScope();
    }
}
