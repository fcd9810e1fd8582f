namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>The <c>none</c> op: zeros of the output shape (DARTS <c>operations.py</c> <c>Zero</c>).</summary>
public sealed class Zero : nn.Module<Tensor, Tensor>
{
    private readonly int _stride;

    /// <summary>Creates the op; at stride 2 the output has half the resolution (rounded up).</summary>
    public Zero(int stride) : base(nameof(Zero)) => _stride = stride;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (_stride == 1) return zeros_like(x);
        using var strided = x[.., .., TensorIndex.Slice(null, null, _stride), TensorIndex.Slice(null, null, _stride)];
        return zeros_like(strided);
    }
}
