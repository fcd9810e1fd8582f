namespace NasSharp.Ops.Binary;

using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// BATS's binary op family (Bulat et al., ECCV 2020; 1adrianb/binary-networks-pytorch
/// <c>bnn/models/layers/bats_ops.py</c> and <c>bnn/models/bats.py</c>, after <c>prepare_binary_model</c> has made
/// every conv of the cells binary):
/// <list type="bullet">
/// <item><c>sep_conv_kxk</c> (3, 5, 7): one <see cref="BinaryGroupedConv"/>, kernel k, padding k/2;
/// <c>dil_conv_kxk</c> (3, 5): the same with dilation 2, padding 2 / 4 — each BN → sign → grouped conv → PReLU →
/// shuffle(4) (+ identity at stride 1).</item>
/// <item><c>skip_connect</c>: identity at stride 1, <see cref="BinaryFactorizedReduce"/> at stride 2.</item>
/// <item><c>max_pool_3x3</c>, <c>avg_pool_3x3</c> (padding not counted): plain pooling, no BatchNorm, also inside a
/// supernet's mixed op; <c>none</c>: <see cref="Zero"/>.</item>
/// <item>Preprocess: <see cref="BinaryPreprocess"/> (BN → 1x1 binary conv → PReLU, + identity when cIn == cOut);
/// after a reduction: <see cref="BinaryFactorizedReduce"/>. Stem (real, as bats.py): conv3x3 → BN → ReLU.</item>
/// </list>
/// Every <see cref="BinaryConv2d"/> starts in stage-1 mode (binary activations, real weights); switch stage 2 on with
/// <see cref="BinaryConv2d.SetWeightBinarization"/>. The stem and the classifier stay real.
/// </summary>
public sealed class BinaryCellOps : CellOps
{
    /// <summary>BATS's conv groups (<c>bats_ops.py</c> default <c>groups=12</c>).</summary>
    public const int DefaultGroups = 12;

    /// <summary>The ops this family builds: the DARTS primitives plus <c>sep_conv_7x7</c> (bats_ops.py <c>OPS</c>).</summary>
    public static IReadOnlyList<string> Ops { get; } = [.. OpNames.Darts, OpNames.SepConv7x7];

    /// <summary>Creates the family with <paramref name="groups"/> conv groups (default 12, BATS's).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="groups"/> is below 1.</exception>
    public BinaryCellOps(int groups = DefaultGroups)
    {
        if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups), groups, "BinaryGroups (--binary-groups) must be at least 1.");
        Groups = groups;
    }

    /// <summary>Groups of every grouped binary conv.</summary>
    public int Groups { get; }

    /// <inheritdoc />
    public override string Name => "binary";

    /// <inheritdoc />
    public override bool ChannelsLastInference => false; // slower at batch 64 (see CellOps.ChannelsLastInference)

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> Create(string op, int channels, int stride, bool affine)
    {
        if (stride is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Op stride must be 1 or 2.");
        return op switch
        {
            OpNames.None => new Zero(stride),
            OpNames.MaxPool3x3 => new MaxPool(3, stride, padding: 1),
            OpNames.AvgPool3x3 => new AvgPool(3, stride, padding: 1, countIncludePad: false),
            OpNames.SkipConnect => stride == 1 ? nn.Identity() : new BinaryFactorizedReduce(channels, channels, affine),
            OpNames.SepConv3x3 => new BinaryGroupedConv(channels, 3, stride, 1, 1, Groups, affine),
            OpNames.SepConv5x5 => new BinaryGroupedConv(channels, 5, stride, 2, 1, Groups, affine),
            OpNames.SepConv7x7 => new BinaryGroupedConv(channels, 7, stride, 3, 1, Groups, affine),
            OpNames.DilConv3x3 => new BinaryGroupedConv(channels, 3, stride, 2, 2, Groups, affine),
            OpNames.DilConv5x5 => new BinaryGroupedConv(channels, 5, stride, 4, 2, Groups, affine),
            _ => throw new UnknownOpException(op, Ops),
        };
    }

    // bats_ops.py has no BatchNorm after pooling, in the search either: the default CreateMixed (Create with
    // affine: false) is BATS's mixed op.

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> Preprocess(int cIn, int cOut, bool affine) => new BinaryPreprocess(cIn, cOut, affine);

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> PreprocessReduce(int cIn, int cOut, bool affine) => new BinaryFactorizedReduce(cIn, cOut, affine);

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> Stem(int inputChannels, int cOut) =>
        nn.Sequential(nn.Conv2d(inputChannels, cOut, 3, padding: 1, bias: false), nn.BatchNorm2d(cOut), nn.ReLU());

    /// <inheritdoc />
    /// <remarks>A network of C initial channels has cells of C, 2C and 4C channels: each must be divisible by the
    /// groups (grouped convs) and by 4 (the channel shuffle), that is C must be a multiple of lcm(groups, 4) — it then
    /// is also even, as the factorized reductions need.</remarks>
    public override void CheckChannels(int channels)
    {
        var step = Lcm(Groups, BinaryGroupedConv.ShuffleGroups);
        var bad = new[] { channels, 2 * channels, 4 * channels }.Where(c => c % Groups != 0 || c % BinaryGroupedConv.ShuffleGroups != 0).ToArray();
        if (channels >= 1 && bad.Length == 0) return;
        throw new ArgumentException(
            $"The binary network's channels (--channels) must give cells of C, 2C and 4C channels that the {Groups} conv groups " +
            $"(BinaryGroups, --binary-groups) and the {BinaryGroupedConv.ShuffleGroups} channel-shuffle groups divide; C = {channels} gives " +
            $"{string.Join(", ", bad)}. Valid C: multiples of {step} ({step}, {2 * step}, {3 * step}, ...), or choose --binary-groups to divide C.");
    }

    /// <summary>The valid initial channel count (a multiple of lcm(groups, 4), see <see cref="CheckChannels"/>) nearest to
    /// <paramref name="channels"/>, ties and anything below the first multiple going up; <c>nas train --binary</c> uses it
    /// for the preset's C when <c>--channels</c> is not given (quick preset: 16 → 12 with 12 groups).</summary>
    public int NearestValidChannels(int channels)
    {
        var step = Lcm(Groups, BinaryGroupedConv.ShuffleGroups);
        var below = channels / step * step;
        int down = channels - below, up = below + step - channels;
        return below == 0 || down >= up ? below + step : below;
    }

    private static int Lcm(int a, int b)
    {
        static int Gcd(int x, int y) => y == 0 ? x : Gcd(y, x % y);
        return a / Gcd(a, b) * b;
    }
}
