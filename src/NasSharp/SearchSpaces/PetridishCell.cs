namespace NasSharp.SearchSpaces;

/// <summary>
/// A Petridish cell (petridishnn's cell search, <c>petridish/info/layer_info.py</c>): states 0 and 1 are the two
/// preprocessed cell inputs, node <c>i</c> is state <c>i + 2</c> and reads any earlier state. The cell output is the
/// <b>sum</b> (petridishnn's cell output merge, <c>MERGE_WITH_SUM</c>) of the states in <see cref="Output"/> plus every
/// added node times its gate, so it has the node width C whatever the cell grows into. Equality is structural.
/// </summary>
public sealed record PetridishCell
{
    /// <summary>Creates a cell.</summary>
    /// <param name="nodes">Its nodes in order.</param>
    /// <param name="output">The seed states summed into the output (nodes, never the cell inputs).</param>
    public PetridishCell(IEnumerable<PetridishNode> nodes, IEnumerable<int> output)
    {
        Nodes = nodes.ToArray();
        Output = output.ToArray();
    }

    /// <summary>The nodes; node <c>i</c> is state <c>i + 2</c>.</summary>
    public IReadOnlyList<PetridishNode> Nodes { get; }

    /// <summary>States summed (ungated) into the cell output; the added nodes join it through their gates.</summary>
    public IReadOnlyList<int> Output { get; }

    /// <summary>States a new node can read: the two inputs and every node (<c>Nodes.Count + 2</c>).</summary>
    public int States => Nodes.Count + 2;

    /// <summary>Edges over all nodes (the cell's ops).</summary>
    public int EdgeCount => Nodes.Sum(n => n.Edges.Count);

    /// <summary>This cell with <paramref name="node"/> appended as an added node.</summary>
    public PetridishCell With(IEnumerable<OpEdge> node) => new(Nodes.Append(new PetridishNode(node, added: true)), Output);

    /// <summary>This cell without its last node (the parent of a cell Petridish grew by one node).</summary>
    /// <exception cref="InvalidOperationException">The last node is not an added node.</exception>
    public PetridishCell WithoutLast() => Nodes.Count > 0 && Nodes[^1].Added
        ? new PetridishCell(Nodes.Take(Nodes.Count - 1), Output)
        : throw new InvalidOperationException("The cell's last node was not added by Petridish, so it has no Petridish parent.");

    /// <inheritdoc />
    public bool Equals(PetridishCell? other) =>
        other is not null && Nodes.SequenceEqual(other.Nodes) && Output.SequenceEqual(other.Output);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var n in Nodes) h.Add(n);
        foreach (var o in Output) h.Add(o);
        return h.ToHashCode();
    }
}
