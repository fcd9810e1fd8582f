namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>A NAS-Bench-201 cell whose six edges are <see cref="MixedOp"/>s over the five NB201 ops, BatchNorm not affine
/// (AutoDL-Projects <c>search_cells.py</c> <c>NAS201SearchCell</c> as its DARTS uses it).</summary>
public sealed class Nb201MixedCell : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<MixedOp> edges;

    /// <summary>Builds the cell with <paramref name="channels"/> channels over <paramref name="ops"/>.</summary>
    public Nb201MixedCell(int channels, IReadOnlyList<string> ops) : base(nameof(Nb201MixedCell))
    {
        edges = new ModuleList<MixedOp>();
        for (var e = 0; e < Nb201Genotype.EdgeNodes.Count; e++) edges.Add(new MixedOp(ops, Nb201Family, channels, 1));
        RegisterComponents();
    }

    // NB201's ops with non-affine BatchNorm; its pooling has no BatchNorm of its own (cell_operations.py POOLING).
    private static readonly CellOps Nb201Family = new Nb201Ops();

    /// <inheritdoc />
    /// <param name="x">Cell input.</param>
    /// <param name="weights">Mixing weights [6, ops].</param>
    public override Tensor forward(Tensor x, Tensor weights)
    {
        using var scope = NewDisposeScope();
        var w = weights.unbind(0);
        return Nb201Cell.Run(x, ShareInputWork, (e, input, shared) => edges[e].forward(input, w[e], shared)).MoveToOuterDisposeScope();
    }

    /// <summary>Whether the ops reading the same node (on all its edges) share their first step
    /// (<see cref="ISharedInputOp"/>: the leading ReLU, the pool); default true. False runs every op on its own, as
    /// AutoDL-Projects does (same forward values, gradients within float rounding).</summary>
    public bool ShareInputWork { get; set; } = true;

    private sealed class Nb201Ops : CellOps
    {
        public override string Name => "nb201";

        public override nn.Module<Tensor, Tensor> Create(string op, int channels, int stride, bool affine) => OpRegistry.Create(op, channels, stride, affine);

        public override nn.Module<Tensor, Tensor> Preprocess(int cIn, int cOut, bool affine) => throw new NotSupportedException();

        public override nn.Module<Tensor, Tensor> PreprocessReduce(int cIn, int cOut, bool affine) => throw new NotSupportedException();

        public override nn.Module<Tensor, Tensor> Stem(int inputChannels, int cOut) => throw new NotSupportedException();
    }
}
