namespace NasSharp.SearchSpaces;

/// <summary>
/// One layer of an ENAS macro network: the op applied to the previous layer's output and the earlier layers whose
/// outputs are added through skip connections. Equality is structural (element by element).
/// </summary>
public sealed record EnasMacroLayer
{
    /// <summary>Creates a layer.</summary>
    /// <param name="op">Op name, one of <see cref="OpNames.EnasMacro"/>.</param>
    /// <param name="skips">Indices of earlier layers this layer skip-connects from; stored sorted ascending and
    /// without duplicates. Default: none.</param>
    public EnasMacroLayer(string op, IEnumerable<int>? skips = null)
    {
        Op = op;
        Skips = (skips ?? []).Distinct().Order().ToArray();
    }

    /// <summary>Op name, one of <see cref="OpNames.EnasMacro"/>.</summary>
    public string Op { get; }

    /// <summary>Skip inputs, ascending. As in melodyguan/enas <c>general_child.py</c> (<c>prev_layers</c>), layer
    /// <c>i</c> reads node <c>i</c> and index <c>j &lt; i</c> names node <c>j</c>: node 0 is the stem, node <c>j</c> the
    /// output of layer <c>j − 1</c>.</summary>
    public IReadOnlyList<int> Skips { get; }

    /// <inheritdoc />
    public bool Equals(EnasMacroLayer? other) =>
        other is not null && Op == other.Op && Skips.SequenceEqual(other.Skips);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Op);
        foreach (var s in Skips) h.Add(s);
        return h.ToHashCode();
    }
}
