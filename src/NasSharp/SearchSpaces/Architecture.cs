namespace NasSharp.SearchSpaces;

/// <summary>
/// Base of every architecture description (genotype). Architectures are plain immutable values with
/// structural equality; they know nothing of tensors. Networks are built from them in <c>NasSharp.Networks</c>.
/// </summary>
public abstract record Architecture
{
    /// <summary>Short name of the space this architecture belongs to (for example <c>darts</c>, <c>nb201</c>).</summary>
    public abstract string Space { get; }
}
