namespace NasSharp.Ops.Binary;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// BATS's cell-input preprocessing (1adrianb/binary-networks-pytorch <c>bnn/models/layers/bats_ops.py</c>
/// <c>ReLUConvBN</c>, which despite its name is): BatchNorm → 1x1 <see cref="BinaryConv2d"/> → PReLU, with an identity
/// shortcut <c>x + op(x)</c> when <c>cIn == cOut</c> (stride is always 1 here).
/// </summary>
public sealed class BinaryPreprocess : nn.Module<Tensor, Tensor>
{
    private readonly BatchNorm2d bn;
    private readonly BinaryConv2d conv;
    private readonly PReLU act;
    private readonly bool _shortcut;

    /// <summary>Creates the op from <paramref name="cIn"/> to <paramref name="cOut"/> channels.</summary>
    public BinaryPreprocess(int cIn, int cOut, bool affine) : base(nameof(BinaryPreprocess))
    {
        bn = nn.BatchNorm2d(cIn, affine: affine);
        conv = new BinaryConv2d(cIn, cOut, 1);
        act = nn.PReLU(cOut);
        _shortcut = cIn == cOut;
        RegisterComponents();
    }

    /// <summary>Whether the identity shortcut is used (<c>cIn == cOut</c>).</summary>
    public bool HasShortcut => _shortcut;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        // Intermediates disposed once read, as PyTorch frees them.
        var h = bn.call(x);
        var c = conv.call(h);
        h.Dispose();
        var y = act.call(c);
        c.Dispose();
        // The shortcut is added into the PReLU output (its backward reads its input, not its output; addition commutes
        // exactly): no new tensor.
        return (_shortcut ? y.add_(x) : y).MoveToOuterDisposeScope();
    }
}
