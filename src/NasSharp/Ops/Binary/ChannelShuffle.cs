namespace NasSharp.Ops.Binary;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// ShuffleNet channel shuffle (1adrianb/binary-networks-pytorch <c>bnn/models/layers/bats_ops.py</c>
/// <c>channel_shuffle</c>): view <c>[n, g, c/g, h, w]</c>, swap axes 1 and 2, flatten back; output channel
/// <c>i·g + j</c> is input channel <c>j·(c/g) + i</c>. BATS's ops shuffle with 4 groups.
/// </summary>
public sealed class ChannelShuffle : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the shuffle over <paramref name="groups"/> groups (BATS ops: 4).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="groups"/> is below 1.</exception>
    public ChannelShuffle(int groups) : base(nameof(ChannelShuffle))
    {
        if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups), groups, "ChannelShuffle groups must be at least 1.");
        Groups = groups;
    }

    /// <summary>Number of groups.</summary>
    public int Groups { get; }

    /// <summary>Shuffles <paramref name="x"/> (<c>[n, c, h, w]</c>, c divisible by the groups).</summary>
    public static Tensor Apply(Tensor x, int groups)
    {
        var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        if (c % groups != 0) throw new ArgumentException($"ChannelShuffle with {groups} groups needs a channel count divisible by {groups}, got {c}.");
        using var v = x.view(n, groups, c / groups, h, w);
        using var t = v.transpose(1, 2);
        using var contiguous = t.contiguous();
        return contiguous.view(n, c, h, w);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => Apply(x, Groups);
}
