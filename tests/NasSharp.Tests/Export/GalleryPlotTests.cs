namespace NasSharp.Tests.Export;

using NasSharp.Experiments;
using NasSharp.Export;

/// <summary>The Petridish frontier plot: every model labelled, the hull and its ε-band drawn, arrows from parents.</summary>
public sealed class GalleryPlotTests
{
    [Fact]
    public void GalleryFrontier_SmallGallery_LabelsEveryModelAndDrawsHullBandAndLineage()
    {
        GalleryRow Row(string key, string kind, string? parent, long macs, double error, bool hull) =>
            new(key, kind, parent, "Petridish(...)", 8, 3, error, error + 0.01, macs / 10, macs, 1.0, hull, hull, 0);
        var rows = new[]
        {
            Row("seed-0", "seed", null, 1_000_000, 0.30, true), Row("seed-1", "seed", null, 3_000_000, 0.25, false),
            Row("child-0", "child", "seed-0", 2_000_000, 0.20, true), Row("child-1", "child", "child-0", 5_000_000, 0.15, true),
        };
        var svg = Plots.ToSvg(Plots.GalleryFrontier(rows, 0.025));
        foreach (var r in rows) Assert.Contains(r.Key, svg);
        Assert.Contains("lower convex hull (3)", svg);
        Assert.Contains("ε-hull band (ε = 0.025)", svg);
        Assert.Contains("seeds (2)", svg);
        Assert.Contains("children (2)", svg);
        // Parameters on the axis instead of MACs.
        Assert.Contains("parameters", Plots.ToSvg(Plots.GalleryFrontier(rows, 0.025, CostAxis.Parameters)), StringComparison.OrdinalIgnoreCase);
    }
}
