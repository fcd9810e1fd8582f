namespace NasSharp.SearchSpaces;

/// <summary>
/// A NAS-Bench-201 cell: 4 nodes, 6 edges, one op per edge. Edge order is the order of the benchmark string
/// <c>|op~0|+|op~0|op~1|+|op~0|op~1|op~2|</c>: (1←0), (2←0), (2←1), (3←0), (3←1), (3←2).
/// </summary>
public sealed record Nb201Genotype : Architecture
{
    /// <summary>Creates the cell from its six edge ops, in benchmark-string order.</summary>
    public Nb201Genotype(IEnumerable<string> ops) => Ops = ops.ToArray();

    /// <summary>The six edge ops in benchmark-string order.</summary>
    public IReadOnlyList<string> Ops { get; }

    /// <inheritdoc />
    public override string Space => "nb201";

    /// <summary>(target node, source node) of each edge, in <see cref="Ops"/> order.</summary>
    public static IReadOnlyList<(int To, int From)> EdgeNodes { get; } =
        [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)];

    /// <inheritdoc />
    public bool Equals(Nb201Genotype? other) => other is not null && Ops.SequenceEqual(other.Ops);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var o in Ops) h.Add(o);
        return h.ToHashCode();
    }
}
