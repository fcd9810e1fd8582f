namespace NasSharp.Ops.Binary;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// BATS's binary <c>FactorizedReduce</c> (1adrianb/binary-networks-pytorch <c>bnn/models/layers/bats_ops.py</c>):
/// BatchNorm on the input → two stride-2 1x1 <see cref="BinaryConv2d"/>s (the second on <c>x[:, :, 1:, 1:]</c>), each
/// to <c>cOut/2</c> channels → concat → PReLU. Halves the resolution (skip_connect at stride 2 and the preprocessing of
/// input k-2 after a reduction). Deviation for odd sizes only: the shifted path is zero-padded at the far edge first
/// (as <see cref="NasSharp.Ops.FactorizedReduce"/>) so 7x7 inputs give 4x4 on both paths; for even sizes it is the
/// reference exactly.
/// </summary>
public sealed class BinaryFactorizedReduce : nn.Module<Tensor, Tensor>
{
    private readonly BatchNorm2d bn;
    private readonly BinaryConv2d conv1;
    private readonly BinaryConv2d conv2;
    private readonly PReLU act;

    /// <summary>Creates the op; <paramref name="cOut"/> must be even.</summary>
    public BinaryFactorizedReduce(int cIn, int cOut, bool affine) : base(nameof(BinaryFactorizedReduce))
    {
        if (cOut % 2 != 0) throw new ArgumentException($"BinaryFactorizedReduce needs an even output channel count, got {cOut}.", nameof(cOut));
        bn = nn.BatchNorm2d(cIn, affine: affine);
        conv1 = new BinaryConv2d(cIn, cOut / 2, 1, stride: 2);
        conv2 = new BinaryConv2d(cIn, cOut / 2, 1, stride: 2);
        act = nn.PReLU(cOut);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = bn.call(x);
        var padded = h.shape[2] % 2 == 0 && h.shape[3] % 2 == 0 ? null : nn.functional.pad(h, [0, 1, 0, 1]);
        var shifted = (padded ?? h)[.., .., 1.., 1..];
        var (a, b) = (conv1.call(h), conv2.call(shifted));
        h.Dispose(); // intermediates disposed once read, as PyTorch frees them
        shifted.Dispose();
        padded?.Dispose();
        var cat = torch.cat([a, b], 1);
        a.Dispose();
        b.Dispose();
        return act.call(cat).MoveToOuterDisposeScope();
    }
}
