namespace NasSharp.SearchSpaces;

/// <summary>A search space whose architectures can be mutated: the one operation regularized evolution
/// (<c>Strategies.Evolution.RegularizedEvolution</c>) needs besides sampling.</summary>
public interface IMutableSearchSpace : ISearchSpace
{
    /// <summary>A child of <paramref name="parent"/>: a valid architecture of this space that differs from it by one
    /// small change (the space documents which), drawn using <paramref name="random"/> only.</summary>
    /// <param name="parent">An architecture of this space (its <see cref="Architecture.Space"/> is <see cref="ISearchSpace.Name"/>).</param>
    /// <param name="random">Source of randomness.</param>
    /// <returns>The child; never equal to <paramref name="parent"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="parent"/> is not an architecture of this space.</exception>
    Architecture Mutate(Architecture parent, Random random);
}
