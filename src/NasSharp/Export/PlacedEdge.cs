namespace NasSharp.Export;

/// <summary>An edge of a <see cref="CellLayout"/>: its path (one Bézier segment per layer gap) and the centre
/// of its label (<c>null</c> for an unlabelled edge).</summary>
/// <param name="Edge">The graph edge.</param>
/// <param name="Segments">Consecutive path segments, source to target.</param>
/// <param name="LabelAt">Centre of the label text, or <c>null</c>.</param>
internal sealed record PlacedEdge(CellGraphEdge Edge, IReadOnlyList<Bezier> Segments, LayoutPoint? LabelAt);
