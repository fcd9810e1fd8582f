namespace NasSharp.SearchSpaces;

/// <summary>
/// An ENAS recurrent cell (Penn Treebank): node 0 reads <c>x_t</c> and <c>h_{t-1}</c>; node <c>i &gt; 0</c> reads one
/// node <c>j &lt; i</c>; each applies its activation; the cell output averages the loose ends (nodes no other node
/// reads). Equality is structural.
/// </summary>
public sealed record RecurrentGenotype : Architecture
{
    /// <summary>Creates the cell from its nodes in order.</summary>
    /// <param name="nodes">The nodes; node 0's input must be <see cref="RecurrentNode.CellInput"/>.</param>
    public RecurrentGenotype(IEnumerable<RecurrentNode> nodes) => Nodes = nodes.ToArray();

    /// <summary>The nodes in order.</summary>
    public IReadOnlyList<RecurrentNode> Nodes { get; }

    /// <inheritdoc />
    public override string Space => "enas-rnn";

    /// <summary>Indices of the nodes no other node reads (averaged into the cell output), ascending.</summary>
    public IReadOnlyList<int> LooseEnds =>
        Enumerable.Range(0, Nodes.Count).Where(i => !Nodes.Any(n => n.Input == i)).ToArray();

    /// <inheritdoc />
    public bool Equals(RecurrentGenotype? other) => other is not null && Nodes.SequenceEqual(other.Nodes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var n in Nodes) h.Add(n);
        return h.ToHashCode();
    }
}
