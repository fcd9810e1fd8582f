namespace NasSharp.Ops;

using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The one registry of candidate ops by community name. Definitions follow DARTS <c>cnn/operations.py</c>
/// and NAS-Bench-201 <c>lib/models/cell_operations.py</c>; every entry is covered by one contract test.
/// </summary>
public static class OpRegistry
{
    private static readonly Dictionary<string, OpFactory> Factories = new(StringComparer.Ordinal)
    {
        [OpNames.None] = (c, s, a) => new Zero(s),
        [OpNames.SkipConnect] = (c, s, a) => s == 1 ? nn.Identity() : new FactorizedReduce(c, c, a),
        [OpNames.MaxPool3x3] = (c, s, a) => new MaxPool(3, s, padding: 1),
        // count_include_pad=False as in DARTS and NAS-Bench-201.
        [OpNames.AvgPool3x3] = (c, s, a) => new AvgPool(3, s, padding: 1, countIncludePad: false),
        [OpNames.SepConv3x3] = (c, s, a) => new SepConv(c, c, 3, s, 1, a),
        [OpNames.SepConv5x5] = (c, s, a) => new SepConv(c, c, 5, s, 2, a),
        [OpNames.SepConv7x7] = (c, s, a) => new SepConv(c, c, 7, s, 3, a),
        [OpNames.DilConv3x3] = (c, s, a) => new DilConv(c, c, 3, s, 2, 2, a),
        [OpNames.DilConv5x5] = (c, s, a) => new DilConv(c, c, 5, s, 4, 2, a),
        [OpNames.Conv3x3] = (c, s, a) => new ReluConvBn(c, c, 3, s, 1, a),
        [OpNames.Conv5x5] = (c, s, a) => new ReluConvBn(c, c, 5, s, 2, a),
        [OpNames.NorConv1x1] = (c, s, a) => new ReluConvBn(c, c, 1, s, 0, a),
        [OpNames.NorConv3x3] = (c, s, a) => new ReluConvBn(c, c, 3, s, 1, a),
        [OpNames.Conv7x1_1x7] = (c, s, a) => new Conv7x1x1x7(c, s, a),
    };

    /// <summary>All registered op names, sorted.</summary>
    public static IReadOnlyList<string> Names => Factories.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Whether <paramref name="name"/> is registered.</summary>
    public static bool Contains(string name) => Factories.ContainsKey(name);

    /// <summary>Builds op <paramref name="name"/>; throws <see cref="UnknownOpException"/> listing valid names.</summary>
    /// <param name="name">Community op name.</param>
    /// <param name="channels">Channels in and out.</param>
    /// <param name="stride">1 or 2.</param>
    /// <param name="affine">Learnable BatchNorm scale/shift; default true (false during DARTS search).</param>
    public static nn.Module<Tensor, Tensor> Create(string name, int channels, int stride, bool affine = true)
    {
        if (!Factories.TryGetValue(name, out var factory)) throw new UnknownOpException(name, Names);
        if (stride is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Op stride must be 1 or 2.");
        return factory(channels, stride, affine);
    }

    /// <summary>Whether the op is parameter-free identity at this stride (drop-path skips it, as in DARTS).</summary>
    public static bool IsIdentity(string name, int stride) => name == OpNames.SkipConnect && stride == 1;
}
