namespace NasSharp.Networks;

using NasSharp.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>One ENAS macro layer: a branch per candidate op (only the chosen one runs) and, from the second layer on,
/// BN over the branch output plus the chosen skip inputs (<c>general_child.py</c> <c>_enas_layer</c>: <c>add_n</c> then
/// <c>batch_norm</c>).</summary>
public sealed class EnasMacroLayerModule : nn.Module<Tensor, string, IReadOnlyList<Tensor>, Tensor>
{
    private readonly ModuleList<EnasMacroBranch> branches;
    private readonly BatchNorm2d? skipBn;
    private readonly IReadOnlyList<string> _ops;

    /// <summary>Creates the layer with one branch per op in <paramref name="ops"/>.</summary>
    public EnasMacroLayerModule(IReadOnlyList<string> ops, int c, bool hasSkips) : base(nameof(EnasMacroLayerModule))
    {
        _ops = ops;
        branches = new ModuleList<EnasMacroBranch>();
        foreach (var op in ops) branches.Add(new EnasMacroBranch(op, c, c));
        skipBn = hasSkips ? nn.BatchNorm2d(c) : null;
        RegisterComponents();
    }

    /// <summary>Position of <paramref name="op"/> among this layer's branches.</summary>
    public int BranchIndex(string op)
    {
        for (var i = 0; i < _ops.Count; i++)
            if (_ops[i] == op) return i;
        throw new UnknownOpException(op, _ops);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input, string op, IReadOnlyList<Tensor> skips)
    {
        var h = branches[BranchIndex(op)].call(input);
        if (skipBn is null) return h;
        using var scope = NewDisposeScope();
        foreach (var s in skips) h = h + s;
        return skipBn.call(h).MoveToOuterDisposeScope();
    }
}
