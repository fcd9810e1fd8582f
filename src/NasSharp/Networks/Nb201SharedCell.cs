namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>A NAS-Bench-201 cell whose every edge holds all five ops (<see cref="OpNames.Nb201"/>, in that order), as
/// the weight-sharing model of ENAS on NB201 (AutoDL-Projects <c>search_model_enas.py</c>): a forward pass runs only
/// the op the genotype picks on each edge, so the others cost nothing and get no gradient. With a genotype it computes
/// what <see cref="Nb201Cell"/> built from that genotype computes with the same weights.</summary>
public sealed class Nb201SharedCell : nn.Module<Tensor, Nb201Genotype, Tensor>
{
    private readonly ModuleList<ModuleList<nn.Module<Tensor, Tensor>>> edges;

    /// <summary>Builds the cell with <paramref name="channels"/> channels (stride 1).</summary>
    public Nb201SharedCell(int channels) : base(nameof(Nb201SharedCell))
    {
        edges = new ModuleList<ModuleList<nn.Module<Tensor, Tensor>>>();
        for (var e = 0; e < Nb201Genotype.EdgeNodes.Count; e++)
        {
            var ops = new ModuleList<nn.Module<Tensor, Tensor>>();
            foreach (var op in OpNames.Nb201) ops.Add(OpRegistry.Create(op, channels, 1, affine: true));
            edges.Add(ops);
        }
        RegisterComponents();
    }

    /// <summary>Index of <paramref name="op"/> in <see cref="OpNames.Nb201"/> (the slot holding its weights).</summary>
    public static int OpIndex(string op)
    {
        for (var i = 0; i < OpNames.Nb201.Count; i++)
            if (OpNames.Nb201[i] == op) return i;
        throw new ArgumentException($"'{op}' is not a NAS-Bench-201 op; valid: {string.Join(", ", OpNames.Nb201)}", nameof(op));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Nb201Genotype genotype) =>
        Nb201Cell.Run(x, ShareInputWork, (e, input, shared) => shared.Call(edges[e][OpIndex(genotype.Ops[e])], input));

    /// <summary>Whether the picked ops reading the same node share their first step (<see cref="ISharedInputOp"/>);
    /// default true. False runs every op on its own (same forward values, gradients within float rounding).</summary>
    public bool ShareInputWork { get; set; } = true;
}
