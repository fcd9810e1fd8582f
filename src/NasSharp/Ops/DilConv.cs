namespace NasSharp.Ops;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>ReLU → depthwise conv (dilated) → pointwise conv → BatchNorm (DARTS <c>DilConv</c>).</summary>
public sealed class DilConv : nn.Module<Tensor, Tensor>, ISharedInputOp
{
    private readonly DepthwiseConv2d depthwise;
    private readonly Conv2d pointwise;
    private readonly BatchNorm2d bn;

    /// <summary>Creates the op.</summary>
    public DilConv(int cIn, int cOut, int kernel, int stride, int padding, int dilation, bool affine) : base(nameof(DilConv))
    {
        depthwise = new DepthwiseConv2d(cIn, kernel, stride, padding, dilation);
        pointwise = nn.Conv2d(cIn, cOut, 1, bias: false);
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
        using var d = depthwise.call(shared);
        using var p = pointwise.call(d);
        return bn.call(p);
    }
}
