namespace NasSharp.Ops;

/// <summary>The <see cref="ISharedInputOp.SharedKey"/>s of the built-in ops.</summary>
public static class SharedKeys
{
    /// <summary>The leading ReLU of DARTS's conv ops (<c>ReLUConvBN</c>, <c>SepConv</c>, <c>DilConv</c>,
    /// <c>FactorizedReduce</c>, <c>conv_7x1_1x7</c>).</summary>
    public const string Relu = "relu";

    /// <summary>A max pool with these settings.</summary>
    public static string MaxPool(long kernel, long stride, long padding) => $"max_pool({kernel},{stride},{padding})";

    /// <summary>An average pool with these settings.</summary>
    public static string AvgPool(long kernel, long stride, long padding, bool countIncludePad) =>
        $"avg_pool({kernel},{stride},{padding},{(countIncludePad ? "count_pad" : "no_count_pad")})";
}
