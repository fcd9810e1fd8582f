namespace NasSharp.Experiments;

/// <summary>One model of a Petridish gallery as stored (table <c>gallery</c>) and written to <c>gallery.csv</c>.</summary>
/// <param name="Key">The model's trial key.</param>
/// <param name="Kind">Its trial kind (<c>seed</c> or <c>child</c>).</param>
/// <param name="ParentKey">The model it was grown from (null for a seed).</param>
/// <param name="Architecture">Its genotype as text.</param>
/// <param name="Channels">Initial channels C of its network.</param>
/// <param name="Layers">Cells of its network.</param>
/// <param name="ValidError">Validation error, 0..1.</param>
/// <param name="TestError">Test error, 0..1 (reported, never used to choose).</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="Macs">MACs per image.</param>
/// <param name="LatencyMs">Measured latency per image at batch 1, ms (null if not measured).</param>
/// <param name="OnHull">Whether it is a vertex of the lower convex hull of (cost, validation error).</param>
/// <param name="InEpsilonHull">Whether it lies within the ε-band above the hull (a possible parent).</param>
/// <param name="Sampled">How many times it was sampled as a parent.</param>
public sealed record GalleryRow(
    string Key, string Kind, string? ParentKey, string Architecture, int Channels, int Layers, double ValidError, double? TestError,
    long? Parameters, long? Macs, double? LatencyMs, bool OnHull, bool InEpsilonHull, int Sampled);
