namespace NasSharp.Ops;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>NASNet's <c>conv_7x1_1x7</c>: ReLU → conv(1x7) → conv(7x1) → BatchNorm (DARTS <c>operations.py</c>).</summary>
public sealed class Conv7x1x1x7 : nn.Module<Tensor, Tensor>, ISharedInputOp
{
    private readonly Conv2d conv1x7;
    private readonly Conv2d conv7x1;
    private readonly BatchNorm2d bn;

    /// <summary>Creates the op.</summary>
    public Conv7x1x1x7(int channels, int stride, bool affine) : base(nameof(Conv7x1x1x7))
    {
        conv1x7 = nn.Conv2d(channels, channels, (1, 7), stride: (1, stride), padding: (0, 3), bias: false);
        conv7x1 = nn.Conv2d(channels, channels, (7, 1), stride: (stride, 1), padding: (3, 0), bias: false);
        bn = nn.BatchNorm2d(channels, affine: affine);
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
        using var a = conv1x7.call(shared);
        using var b = conv7x1.call(a);
        return bn.call(b);
    }
}
