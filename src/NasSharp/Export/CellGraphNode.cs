namespace NasSharp.Export;

/// <summary>A node of a <see cref="CellGraph"/>.</summary>
/// <param name="Id">Unique id inside the graph (used as the DOT node name).</param>
/// <param name="Label">Text shown on the node.</param>
/// <param name="Kind">Role of the node (input, intermediate or output).</param>
public sealed record CellGraphNode(string Id, string Label, CellNodeKind Kind);
