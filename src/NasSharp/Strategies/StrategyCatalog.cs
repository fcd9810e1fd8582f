namespace NasSharp.Strategies;

using NasSharp.Experiments;
using NasSharp.SearchSpaces;

/// <summary>The registered strategies by name.</summary>
public static class StrategyCatalog
{
    /// <summary>Registered names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["random", "enas"];

    /// <summary>The config with every strategy-specific default filled in (so <c>config.json</c> shows them all).</summary>
    public static ExperimentConfig Resolve(ExperimentConfig config) =>
        config.Strategy.Equals("enas", StringComparison.OrdinalIgnoreCase) && config.Enas is null
            ? config with { Enas = Enas.EnasOptions.ForSpace(config.Space) }
            : config;

    /// <summary>Builds the strategy an experiment's config asks for; unknown names throw listing the valid ones.</summary>
    public static ISearchStrategy Create(ExperimentConfig config) => config.Strategy.ToLowerInvariant() switch
    {
        "random" => new RandomSearch(SearchSpaceCatalog.Get(config.Space), config.Trials),
        "enas" => new Enas.EnasSearch(config.Enas ?? Enas.EnasOptions.ForSpace(config.Space), config.Space),
        _ => throw new ArgumentException($"Unknown strategy '{config.Strategy}'. Valid strategies: {string.Join(", ", Names)}."),
    };
}
