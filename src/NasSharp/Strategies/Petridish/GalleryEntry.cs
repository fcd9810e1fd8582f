namespace NasSharp.Strategies.Petridish;

/// <summary>A trained model in the Petridish gallery (part of the strategy's saved state).</summary>
/// <param name="Key">Its trial key.</param>
/// <param name="Kind"><c>seed</c> or <c>child</c>.</param>
/// <param name="ParentKey">The model it was grown from; null for a seed.</param>
/// <param name="ArchitectureJson">Its genotype as JSON.</param>
/// <param name="Channels">Initial channels of its network.</param>
/// <param name="Layers">Cells of its network.</param>
/// <param name="ValidError">1 − validation accuracy.</param>
/// <param name="TestError">1 − test accuracy, if measured.</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="Macs">MACs per image.</param>
/// <param name="LatencyMs">Latency per image at batch 1, ms.</param>
/// <param name="Sampled">How many times it was drawn as a parent; default 0.</param>
public sealed record GalleryEntry(
    string Key, string Kind, string? ParentKey, string ArchitectureJson, int Channels, int Layers, double ValidError, double? TestError,
    long? Parameters, long? Macs, double? LatencyMs, int Sampled = 0)
{
    /// <summary>The cost named by <paramref name="axis"/> (<c>macs</c>, <c>params</c>, <c>latency</c>); NaN when not measured.</summary>
    public double Cost(string axis) => axis switch
    {
        "params" => Parameters ?? double.NaN,
        "latency" => LatencyMs ?? double.NaN,
        _ => Macs ?? double.NaN,
    };
}
