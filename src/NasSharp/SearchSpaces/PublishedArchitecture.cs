namespace NasSharp.SearchSpaces;

/// <summary>One entry of <see cref="PublishedArchitectures"/>.</summary>
/// <param name="Name">Name, as in its source (for example <c>DARTS_V2</c>); looked up case-insensitively.</param>
/// <param name="Description">One line saying what it is.</param>
/// <param name="Source">Where it was copied from (repository, file, symbol).</param>
/// <param name="SourceText">The text as written in the source (DARTS genotype, NB201 string or ENAS fixed_arc).</param>
/// <param name="Architecture">The parsed architecture.</param>
public sealed record PublishedArchitecture(
    string Name, string Description, string Source, string SourceText, Architecture Architecture);
