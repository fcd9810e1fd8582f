namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>A DARTS mixed op (<c>cnn/model_search.py</c> <c>MixedOp</c>): every candidate op on one edge, the output
/// the sum of their outputs weighted by the edge's mixing weights (softmax of α). The <c>none</c> op is not run: its
/// output is exactly zero, so its term adds nothing to the sum and its weight gets a zero gradient either way; its
/// weight still takes its share of the softmax.</summary>
public sealed class MixedOp : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> ops;
    private readonly bool[] _skip;

    /// <summary>Builds the candidates <paramref name="opNames"/> from <paramref name="family"/> (its mixed-op variants).</summary>
    public MixedOp(IReadOnlyList<string> opNames, CellOps family, int channels, int stride) : base(nameof(MixedOp))
    {
        ops = new ModuleList<nn.Module<Tensor, Tensor>>();
        _skip = new bool[opNames.Count];
        for (var k = 0; k < opNames.Count; k++)
        {
            ops.Add(family.CreateMixed(opNames[k], channels, stride));
            _skip[k] = opNames[k] == OpNames.None;
        }
        RegisterComponents();
    }

    /// <summary>Σ_k weights[k] · op_k(x).</summary>
    /// <param name="x">Edge input.</param>
    /// <param name="weights">Mixing weights, one per op (a row of softmax(α / T)).</param>
    public override Tensor forward(Tensor x, Tensor weights)
    {
        using var unshared = new SharedInputWork(enabled: false);
        return forward(x, weights, unshared);
    }

    /// <summary>Σ_k weights[k] · op_k(x), with the ops' first steps shared through <paramref name="shared"/> (with
    /// the other edges reading <paramref name="x"/>).</summary>
    public Tensor forward(Tensor x, Tensor weights, SharedInputWork shared)
    {
        using var scope = NewDisposeScope();
        var w = weights.unbind(0);
        Tensor? sum = null;
        for (var k = 0; k < _skip.Length; k++)
        {
            if (_skip[k]) continue;
            var term = shared.Call(ops[k], x).mul(w[k]);
            if (sum is null)
            {
                sum = term;
                continue;
            }
            sum.add_(term);
            term.Dispose(); // not saved for backward: freed here as PyTorch frees it, not when the edge ends (see CellStates.Advance)
        }
        // An edge with only `none` (not a DARTS space) outputs zeros of the strided shape.
        sum ??= shared.Call(ops[0], x).mul(w[0]);
        return sum.MoveToOuterDisposeScope();
    }
}
