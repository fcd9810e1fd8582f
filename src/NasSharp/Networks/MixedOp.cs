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

    private static readonly Scalar One = 1.0.ToScalar(); // addcmul_'s value, made once

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
            var output = shared.Call(ops[k], x);
            if (sum is null)
            {
                sum = output.mul(w[k]);
                continue;
            }
            // sum += w_k · op_k(x) in one kernel: no product tensor (PyTorch's reference makes one per op and frees it
            // after the add; such transients left holes in the heap, bench/README "Transients"). Rounding: the vector
            // kernel fuses multiply and add, so a term can differ from mul-then-add in the last bit (README).
            sum.addcmul_(output, w[k], One);
        }
        // An edge with only `none` (not a DARTS space) outputs zeros of the strided shape.
        sum ??= shared.Call(ops[0], x).mul(w[0]);
        return sum.MoveToOuterDisposeScope();
    }
}
