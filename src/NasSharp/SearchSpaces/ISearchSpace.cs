namespace NasSharp.SearchSpaces;

/// <summary>A search space that can be sampled: the contract every space registered in
/// <see cref="SearchSpaceCatalog"/> meets (one contract test runs over all of them).</summary>
public interface ISearchSpace
{
    /// <summary>The space's name (<c>darts</c>, <c>nb201</c>, ...), equal to <see cref="Architecture.Space"/> of its samples.</summary>
    string Name { get; }

    /// <summary>Draws one valid architecture using <paramref name="random"/> only.</summary>
    Architecture Sample(Random random);
}
