namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>One node of a <see cref="PetridishCellModule"/>: a seed node sums its ops; an added node concatenates them
/// and merges by ReLU → 1x1 conv → BN (petridishnn <c>MERGE_WITH_CAT_PROJ</c>; one op is used as it is) and carries
/// the scalar <see cref="Gate"/> through which it joins the cell output (initialised to 0: <c>finalized_gated_layer</c>).</summary>
public sealed class PetridishNodeModule : nn.Module<IReadOnlyList<Tensor>, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> ops;
    private readonly ReluConvBn? projection;
    private readonly Parameter? gate;
    private readonly int[] _inputs;

    /// <summary>Builds the node at width <paramref name="c"/>; ops on states 0 and 1 run at stride 2 in a reduction cell.</summary>
    public PetridishNodeModule(PetridishNode node, int c, bool reduction) : base(nameof(PetridishNodeModule))
    {
        ops = new ModuleList<nn.Module<Tensor, Tensor>>();
        _inputs = node.Edges.Select(e => e.Input).ToArray();
        foreach (var e in node.Edges) ops.Add(CellOps.Real.Create(e.Op, c, reduction && e.Input < 2 ? 2 : 1, affine: true));
        if (node.Added)
        {
            if (node.Edges.Count > 1) projection = new ReluConvBn(node.Edges.Count * c, c, 1, 1, 0, affine: true);
            gate = new Parameter(zeros(1));
        }
        RegisterComponents();
    }

    /// <summary>The gate of an added node (one trainable scalar, initially 0); null for a seed node.</summary>
    public Parameter? Gate => gate;

    /// <summary>The states this node reads, one per op.</summary>
    public IReadOnlyList<int> Inputs => _inputs;

    /// <inheritdoc />
    public override Tensor forward(IReadOnlyList<Tensor> states)
    {
        using var scope = NewDisposeScope();
        var outputs = new Tensor[ops.Count];
        for (var i = 0; i < ops.Count; i++) outputs[i] = ops[i].call(states[_inputs[i]]);
        Tensor result;
        if (projection is not null) result = projection.call(cat(outputs, 1));
        else if (outputs.Length == 1) result = outputs[0];
        else
        {
            result = outputs[0];
            for (var i = 1; i < outputs.Length; i++) result = result.add(outputs[i]);
        }
        return result.MoveToOuterDisposeScope();
    }
}
