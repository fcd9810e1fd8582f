namespace NasSharp.Export;

/// <summary>A directed edge of a <see cref="CellGraph"/>.</summary>
/// <param name="From">Id of the source node.</param>
/// <param name="To">Id of the target node.</param>
/// <param name="Label">Op name shown on the edge, or <c>null</c> for an unlabelled edge
/// (the concat edges into a DARTS cell output).</param>
public sealed record CellGraphEdge(string From, string To, string? Label);
