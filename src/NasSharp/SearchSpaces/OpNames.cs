namespace NasSharp.SearchSpaces;

/// <summary>Community op names (DARTS <c>cnn/operations.py</c>, NAS-Bench-201 <c>cell_operations.py</c>).</summary>
public static class OpNames
{
    /// <summary>Zero op (no connection).</summary>
    public const string None = "none";
    /// <summary>Identity; FactorizedReduce at stride 2.</summary>
    public const string SkipConnect = "skip_connect";
    /// <summary>3x3 max pooling.</summary>
    public const string MaxPool3x3 = "max_pool_3x3";
    /// <summary>3x3 average pooling, padding not counted.</summary>
    public const string AvgPool3x3 = "avg_pool_3x3";
    /// <summary>DARTS separable conv 3x3 (two stacked ReLU-dw-pw-BN).</summary>
    public const string SepConv3x3 = "sep_conv_3x3";
    /// <summary>DARTS separable conv 5x5.</summary>
    public const string SepConv5x5 = "sep_conv_5x5";
    /// <summary>Dilated separable conv 3x3, dilation 2.</summary>
    public const string DilConv3x3 = "dil_conv_3x3";
    /// <summary>Dilated separable conv 5x5, dilation 2.</summary>
    public const string DilConv5x5 = "dil_conv_5x5";
    /// <summary>ReLU-conv3x3-BN.</summary>
    public const string Conv3x3 = "conv_3x3";
    /// <summary>ReLU-conv5x5-BN.</summary>
    public const string Conv5x5 = "conv_5x5";
    /// <summary>NAS-Bench-201 ReLU-conv1x1-BN.</summary>
    public const string NorConv1x1 = "nor_conv_1x1";
    /// <summary>NAS-Bench-201 ReLU-conv3x3-BN.</summary>
    public const string NorConv3x3 = "nor_conv_3x3";
    /// <summary>NASNet ReLU-conv(1x7)-conv(7x1)-BN.</summary>
    public const string Conv7x1_1x7 = "conv_7x1_1x7";
    /// <summary>Separable conv 7x7 (DARTS <c>operations.py</c>); used by the published NASNet and AmoebaNet
    /// reduction cells.</summary>
    public const string SepConv7x7 = "sep_conv_7x7";

    /// <summary>The DARTS search-space primitives (<c>PRIMITIVES</c> in DARTS <c>genotypes.py</c>).</summary>
    public static IReadOnlyList<string> Darts { get; } =
        [None, MaxPool3x3, AvgPool3x3, SkipConnect, SepConv3x3, SepConv5x5, DilConv3x3, DilConv5x5];

    /// <summary>The NAS-Bench-201 ops, in the benchmark's index order.</summary>
    public static IReadOnlyList<string> Nb201 { get; } = [None, SkipConnect, NorConv1x1, NorConv3x3, AvgPool3x3];

    /// <summary>
    /// The ENAS macro-space ops in ENAS id order (melodyguan/enas <c>src/cifar10/general_child.py</c>,
    /// <c>_enas_layer</c> branches 0..5): conv 3x3, sep conv 3x3, conv 5x5, sep conv 5x5, avg pool, max pool.
    /// </summary>
    public static IReadOnlyList<string> EnasMacro { get; } =
        [Conv3x3, SepConv3x3, Conv5x5, SepConv5x5, AvgPool3x3, MaxPool3x3];

    /// <summary>
    /// The ENAS micro-space ops in ENAS id order (melodyguan/enas <c>src/cifar10/micro_child.py</c>,
    /// <c>_enas_cell</c>: sep conv 3x3, sep conv 5x5, avg pool, max pool, identity), under their community names.
    /// </summary>
    public static IReadOnlyList<string> EnasMicro { get; } =
        [SepConv3x3, SepConv5x5, AvgPool3x3, MaxPool3x3, SkipConnect];

    /// <summary>Every op name this library knows, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        None, SkipConnect, MaxPool3x3, AvgPool3x3, SepConv3x3, SepConv5x5, DilConv3x3, DilConv5x5,
        Conv3x3, Conv5x5, NorConv1x1, NorConv3x3, Conv7x1_1x7, SepConv7x7,
    ];

    /// <summary>True when <paramref name="op"/> is one of <see cref="All"/> (ordinal comparison).</summary>
    /// <param name="op">Op name to check.</param>
    public static bool IsKnown(string op) => All.Contains(op, StringComparer.Ordinal);
}
