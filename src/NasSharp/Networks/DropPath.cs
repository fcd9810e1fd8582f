namespace NasSharp.Networks;

using static TorchSharp.torch;

/// <summary>Drop-path (DARTS <c>utils.drop_path</c>): zeroes a whole sample's path with probability p and scales
/// the kept ones by 1/(1-p).</summary>
public static class DropPath
{
    /// <summary>Applies drop-path to <paramref name="x"/> with probability <paramref name="p"/>.</summary>
    public static Tensor Apply(Tensor x, double p)
    {
        if (p <= 0) return x;
        var keep = 1.0 - p;
        using var mask = empty(x.shape[0], 1, 1, 1, dtype: x.dtype, device: x.device).bernoulli_(keep);
        return x.div(keep).mul_(mask);
    }
}
