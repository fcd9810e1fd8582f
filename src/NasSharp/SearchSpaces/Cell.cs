namespace NasSharp.SearchSpaces;

/// <summary>
/// A DARTS/NASNet-style cell: node <c>i</c> (0-based) sums two ops, <c>Edges[2i]</c> and <c>Edges[2i+1]</c>;
/// its state index is <c>i + 2</c>. The cell output concatenates the states listed in <see cref="Concat"/>.
/// Equality is structural (element by element).
/// </summary>
public sealed record Cell
{
    /// <summary>Creates a cell from its edges (two per node) and concat list.</summary>
    public Cell(IEnumerable<OpEdge> edges, IEnumerable<int> concat)
    {
        Edges = edges.ToArray();
        Concat = concat.ToArray();
    }

    /// <summary>Two edges per node, in node order.</summary>
    public IReadOnlyList<OpEdge> Edges { get; }

    /// <summary>State indices concatenated into the cell output (DARTS: <c>range(2, 6)</c>).</summary>
    public IReadOnlyList<int> Concat { get; }

    /// <summary>Number of intermediate nodes (edges / 2).</summary>
    public int Nodes => Edges.Count / 2;

    /// <summary>The loose ends: states (cell inputs included) that no node reads, ascending. ENAS cells concatenate
    /// exactly these (melodyguan/enas <c>micro_child.py</c>, the <c>used</c> mask).</summary>
    public int[] LooseEnds() => Enumerable.Range(0, Nodes + 2).Where(s => !Edges.Any(e => e.Input == s)).ToArray();

    /// <inheritdoc />
    public bool Equals(Cell? other) =>
        other is not null && Edges.SequenceEqual(other.Edges) && Concat.SequenceEqual(other.Concat);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var e in Edges) h.Add(e);
        foreach (var c in Concat) h.Add(c);
        return h.ToHashCode();
    }
}
