namespace NasSharp.Strategies.Reinforce;

using NasSharp.SearchSpaces;

/// <summary>
/// A space whose architectures are one op choice per edge of a fixed cell, as REINFORCE's logits table needs: the
/// number of edges, the ops, and the translation between an architecture and its op indices. Today only
/// <c>nb201</c> (6 edges in benchmark-string order, <see cref="OpNames.Nb201"/> ops).
/// </summary>
public sealed class EdgeOpEncoding
{
    private EdgeOpEncoding(string space, int edges, IReadOnlyList<string> ops)
    {
        Space = space;
        Edges = edges;
        Ops = ops;
    }

    /// <summary>The spaces that have an encoding.</summary>
    public static IReadOnlyList<string> Spaces { get; } = ["nb201"];

    /// <summary>The space's canonical name.</summary>
    public string Space { get; }

    /// <summary>Number of edges.</summary>
    public int Edges { get; }

    /// <summary>The ops every edge chooses from, in index order.</summary>
    public IReadOnlyList<string> Ops { get; }

    /// <summary>The encoding of <paramref name="space"/> (a name or alias).</summary>
    /// <exception cref="ArgumentException">The space has none; the message lists the spaces that do.</exception>
    public static EdgeOpEncoding For(string space) => SearchSpaceCatalog.Canonical(space) switch
    {
        "nb201" => new EdgeOpEncoding("nb201", Nb201Genotype.EdgeNodes.Count, OpNames.Nb201),
        var other => throw new ArgumentException(
            $"Space '{other}' is not a fixed cell with one op per edge; REINFORCE over op logits searches {string.Join(", ", Spaces)}.", nameof(space)),
    };

    /// <summary>The architecture with op <c>choices[e]</c> on edge <c>e</c>.</summary>
    /// <exception cref="ArgumentException">Not one index in range per edge.</exception>
    public Architecture Decode(IReadOnlyList<int> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count != Edges || choices.Any(c => c < 0 || c >= Ops.Count))
            throw new ArgumentException($"Expected one op index in 0..{Ops.Count - 1} for each of {Edges} edges, got [{string.Join(", ", choices)}].", nameof(choices));
        return new Nb201Genotype(choices.Select(c => Ops[c]));
    }

    /// <summary>The op index of each edge of <paramref name="architecture"/>.</summary>
    /// <exception cref="ArgumentException">It is not an architecture of <see cref="Space"/>, or has an unknown op.</exception>
    public int[] Encode(Architecture architecture)
    {
        if (architecture is not Nb201Genotype cell || cell.Ops.Count != Edges)
            throw new ArgumentException($"Expected a {Space} cell with {Edges} edges, got {architecture?.GetType().Name ?? "null"}.", nameof(architecture));
        return cell.Ops.Select((op, e) =>
        {
            var i = Ops.ToList().IndexOf(op);
            return i >= 0 ? i : throw new ArgumentException($"Edge {e} has op '{op}', not one of {string.Join(", ", Ops)}.", nameof(architecture));
        }).ToArray();
    }
}
