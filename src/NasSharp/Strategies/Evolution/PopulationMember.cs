namespace NasSharp.Strategies.Evolution;

/// <summary>One member of an <see cref="AgingPopulation"/>: a finished trial.</summary>
/// <param name="Key">The trial's key.</param>
/// <param name="ArchitectureJson">Its architecture as <c>ArchitectureJson</c> (what a child is mutated from).</param>
/// <param name="Score">Its validation accuracy; null for a failed trial (never preferred as a parent).</param>
/// <param name="Born">Its age stamp: the count of results the search had taken when it joined (1, 2, ...); the
/// smallest is the oldest.</param>
public sealed record PopulationMember(string Key, string ArchitectureJson, double? Score, int Born);
