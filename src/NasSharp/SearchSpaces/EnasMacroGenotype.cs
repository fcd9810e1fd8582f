namespace NasSharp.SearchSpaces;

/// <summary>
/// An ENAS macro-space network (Pham et al. 2018, section 2.3): a chain of layers, each applying one op to the
/// previous layer and adding skip connections from any earlier layers. Equality is structural.
/// </summary>
public sealed record EnasMacroGenotype : Architecture
{
    /// <summary>Creates the network from its layers, input side first.</summary>
    /// <param name="layers">The layers; layer <c>i</c> may only skip from layers <c>0..i-1</c>.</param>
    public EnasMacroGenotype(IEnumerable<EnasMacroLayer> layers) => Layers = layers.ToArray();

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<EnasMacroLayer> Layers { get; }

    /// <inheritdoc />
    public override string Space => "enas-macro";

    /// <inheritdoc />
    public bool Equals(EnasMacroGenotype? other) => other is not null && Layers.SequenceEqual(other.Layers);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var l in Layers) h.Add(l);
        return h.ToHashCode();
    }
}
