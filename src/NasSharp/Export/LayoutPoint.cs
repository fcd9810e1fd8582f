namespace NasSharp.Export;

/// <summary>A point of a cell layout, in SVG user units (y grows downwards).</summary>
/// <param name="X">Horizontal coordinate.</param>
/// <param name="Y">Vertical coordinate.</param>
internal readonly record struct LayoutPoint(double X, double Y);
