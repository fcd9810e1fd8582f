namespace NasSharp.Ops.Binary;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// BATS's binary conv op (1adrianb/binary-networks-pytorch <c>bnn/models/layers/bats_ops.py</c> <c>SepConv</c> and
/// <c>DilConv</c>, with their <c>nn.Conv2d</c> made binary by <c>prepare_binary_model</c>): BatchNorm → one grouped
/// <see cref="BinaryConv2d"/> (sign of the input, C → C channels, <c>groups</c> groups) → PReLU (one slope per
/// channel), then a channel shuffle over 4 groups, plus an identity shortcut at stride 1:
/// <c>x + shuffle(op(x))</c>; at stride 2 <c>shuffle(op(x))</c>. <c>sep_conv_kxk</c> is the undilated op (padding
/// k/2), <c>dil_conv_kxk</c> the dilation-2 one (padding as DARTS: 2 for 3x3, 4 for 5x5).
/// </summary>
public sealed class BinaryGroupedConv : nn.Module<Tensor, Tensor>
{
    /// <summary>Channel-shuffle groups after the conv (bats_ops.py: 4).</summary>
    public const int ShuffleGroups = 4;

    private readonly BatchNorm2d bn;
    private readonly BinaryConv2d conv;
    private readonly PReLU act;
    private readonly int _stride;

    /// <summary>Creates the op on <paramref name="channels"/> channels.</summary>
    /// <param name="channels">Channels in and out (divisible by <paramref name="groups"/> and by 4).</param>
    /// <param name="kernel">Square kernel size.</param>
    /// <param name="stride">1 (with the identity shortcut) or 2.</param>
    /// <param name="padding">Padding.</param>
    /// <param name="dilation">Dilation (1: sep_conv, 2: dil_conv).</param>
    /// <param name="groups">Conv groups (BATS default 12).</param>
    /// <param name="affine">Learnable BatchNorm scale/shift (false inside a supernet's mixed op).</param>
    public BinaryGroupedConv(int channels, int kernel, int stride, int padding, int dilation, int groups, bool affine) : base(nameof(BinaryGroupedConv))
    {
        if (channels % ShuffleGroups != 0)
            throw new ArgumentException($"BinaryGroupedConv needs channels divisible by the {ShuffleGroups} shuffle groups, got {channels}.", nameof(channels));
        bn = nn.BatchNorm2d(channels, affine: affine);
        conv = new BinaryConv2d(channels, channels, kernel, stride, padding, dilation, groups);
        act = nn.PReLU(channels);
        _stride = stride;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        // Each intermediate is disposed once read, as PyTorch frees it: the BN output (the conv saves
        // only its signs' mask) and the PReLU output (shuffled into a copy).
        var h = bn.call(x);
        var c = conv.call(h);
        h.Dispose();
        var a = act.call(c);
        c.Dispose();
        var y = ChannelShuffle.Apply(a, ShuffleGroups);
        a.Dispose();
        // The shortcut is added into the shuffled copy (no backward reads it; addition commutes exactly): no new tensor.
        return (_stride == 1 ? y.add_(x) : y).MoveToOuterDisposeScope();
    }
}
