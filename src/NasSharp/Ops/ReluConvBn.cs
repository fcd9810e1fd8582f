namespace NasSharp.Ops;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>ReLU → Conv2d (no bias) → BatchNorm (DARTS <c>ReLUConvBN</c>, NAS-Bench-201 <c>nor_conv_*</c>).</summary>
public sealed class ReluConvBn : nn.Module<Tensor, Tensor>, ISharedInputOp
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;

    /// <summary>Creates the op with square kernel <paramref name="kernel"/>.</summary>
    public ReluConvBn(int cIn, int cOut, int kernel, int stride, int padding, bool affine) : base(nameof(ReluConvBn))
    {
        conv = nn.Conv2d(cIn, cOut, kernel, stride: stride, padding: padding, bias: false);
        bn = nn.BatchNorm2d(cOut, affine: affine);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var r = Shared(x);
        return ForwardFromShared(r);
    }

    /// <inheritdoc />
    public string SharedKey => SharedKeys.Relu;

    /// <inheritdoc />
    public Tensor Shared(Tensor x) => nn.functional.relu(x);

    /// <inheritdoc />
    public Tensor ForwardFromShared(Tensor shared)
    {
        using var c = conv.call(shared);
        return bn.call(c);
    }
}
