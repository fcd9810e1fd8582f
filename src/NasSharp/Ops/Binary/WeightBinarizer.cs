namespace NasSharp.Ops.Binary;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// XNOR-Net weight binarisation with centred weights, as 1adrianb/binary-networks-pytorch <c>bnn/ops.py</c>
/// <c>XNORWeightBinarizer(compute_alpha=True, center_weights=True)</c> (the setting of its
/// <c>examples/recepies/xnor-net.yaml</c> and <c>xnor-net-plus.yaml</c> step 1):
/// <list type="number">
/// <item><c>Wc = W − mean(W, dim 1)</c>: the mean is taken over the input-channel axis of the
/// <c>[out, in/groups, kh, kw]</c> weight (the reference's <c>x.mean(1, keepdim=True)</c>), so each output channel
/// and kernel position is centred; the gradient flows through the centring.</item>
/// <item><c>α = mean |Wc|</c> per output channel (over <c>in/groups × kh × kw</c>), <b>detached</b>: the scale
/// carries no gradient (the reference's <c>alpha.detach()</c>).</item>
/// <item><c>Wb = SignSte(Wc) × α</c>: the weight's straight-through estimator is the same as the activations'
/// (gradient passed where <c>|Wc| &lt; 1</c>), times α.</item>
/// </list>
/// </summary>
public static class WeightBinarizer
{
    /// <summary>The binarised weight <c>sign(Wc) × α</c> of a 4-d conv weight (see the type's summary).</summary>
    /// <exception cref="ArgumentException">The weight is not 4-dimensional.</exception>
    public static Tensor Binarize(Tensor weight)
    {
        if (weight.dim() != 4) throw new ArgumentException($"WeightBinarizer expects a 4-d conv weight [out, in/groups, kh, kw], got {weight.dim()} dimensions.", nameof(weight));
        using var scope = NewDisposeScope();
        var centred = Center(weight);
        var alpha = Scale(centred);
        return SignSte.Apply(centred).mul(alpha).MoveToOuterDisposeScope();
    }

    /// <summary>The centred weight <c>W − mean(W, dim 1)</c> (differentiable).</summary>
    public static Tensor Center(Tensor weight) => weight.sub(weight.mean([1], keepdim: true));

    /// <summary>α = mean |<paramref name="centred"/>| per output channel, shape <c>[out, 1, 1, 1]</c>, detached.</summary>
    public static Tensor Scale(Tensor centred)
    {
        using var abs = centred.abs();
        using var mean = abs.mean([1, 2, 3], keepdim: true);
        return mean.detach();
    }
}
