namespace NasSharp.Ops;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// DARTS <c>FactorizedReduce</c>: halves resolution with two stride-2 1x1 convs, the second on the input shifted by
/// one pixel, concatenated, then BatchNorm. The shifted path is zero-padded at the far edge so odd sizes
/// (7x7 on 28x28 data) give the same output size as the first path; for even sizes it equals DARTS exactly.
/// </summary>
public sealed class FactorizedReduce : nn.Module<Tensor, Tensor>, ISharedInputOp
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn;

    /// <summary>Creates the op; <paramref name="cOut"/> must be even.</summary>
    public FactorizedReduce(int cIn, int cOut, bool affine) : base(nameof(FactorizedReduce))
    {
        if (cOut % 2 != 0) throw new ArgumentException($"FactorizedReduce needs an even output channel count, got {cOut}.", nameof(cOut));
        conv1 = nn.Conv2d(cIn, cOut / 2, 1, stride: 2, bias: false);
        conv2 = nn.Conv2d(cIn, cOut / 2, 1, stride: 2, bias: false);
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
    public Tensor ForwardFromShared(Tensor r)
    {
        using var padded = nn.functional.pad(r, [0, 1, 0, 1]);
        using var shifted = padded[.., .., 1.., 1..];
        using var a = conv1.call(r);
        using var b = conv2.call(shifted);
        using var cat = torch.cat([a, b], 1);
        return bn.call(cat);
    }
}
