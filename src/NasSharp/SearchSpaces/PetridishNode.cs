namespace NasSharp.SearchSpaces;

/// <summary>
/// One node of a <see cref="PetridishCell"/>. A seed node (<see cref="Added"/> false) sums its edges, as a DARTS
/// node does. A node the search added (<see cref="Added"/> true) is petridishnn's finalised candidate: its edges'
/// outputs are concatenated and merged by ReLU → 1x1 conv → BN (<c>MERGE_WITH_CAT_PROJ</c>; a single edge is used as it
/// is), and it joins the cell output through a scalar gate initialised to 0 (<c>finalized_gated_layer</c>).
/// Equality is structural.
/// </summary>
public sealed record PetridishNode
{
    /// <summary>Creates a node.</summary>
    /// <param name="edges">Its (op, input state) pairs, at least one.</param>
    /// <param name="added">Whether Petridish added it (merged by concat + projection, joined through a gate).</param>
    public PetridishNode(IEnumerable<OpEdge> edges, bool added)
    {
        Edges = edges.ToArray();
        Added = added;
    }

    /// <summary>The (op, input state) pairs.</summary>
    public IReadOnlyList<OpEdge> Edges { get; }

    /// <summary>Whether Petridish added the node (see the type's summary).</summary>
    public bool Added { get; }

    /// <inheritdoc />
    public bool Equals(PetridishNode? other) => other is not null && Added == other.Added && Edges.SequenceEqual(other.Edges);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Added);
        foreach (var e in Edges) h.Add(e);
        return h.ToHashCode();
    }
}
