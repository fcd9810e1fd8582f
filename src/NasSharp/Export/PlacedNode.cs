namespace NasSharp.Export;

/// <summary>A node of a <see cref="CellLayout"/>: its rectangle (top-left corner and size).</summary>
/// <param name="Node">The graph node.</param>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
internal sealed record PlacedNode(CellGraphNode Node, double X, double Y, double Width, double Height)
{
    /// <summary>Horizontal centre.</summary>
    public double CenterX => X + Width / 2;

    /// <summary>Vertical centre.</summary>
    public double CenterY => Y + Height / 2;
}
