namespace NasSharp.Strategies;

using NasSharp.Experiments;
using NasSharp.Networks;
using NasSharp.SearchSpaces;

/// <summary>Registration of <see cref="RandomSearch"/>: every space that has a trainable network.</summary>
public sealed class RandomSearchDefinition : StrategyDefinition<RandomSearchOptions>
{
    /// <inheritdoc />
    public override string Name => "random";

    /// <inheritdoc />
    public override string Summary => "random search: sample --trials architectures uniformly, train each as a trial (the NAS baseline)";

    /// <inheritdoc />
    // Random search trains every sample, so it is offered only where a network can be built from the genotype.
    public override IReadOnlyList<string> Spaces => NetworkBuilder.Spaces;

    /// <inheritdoc />
    protected override string UnsupportedSpaceReason => ": random search trains every sample, and only those spaces have a network so far";

    /// <inheritdoc />
    protected override RandomSearchOptions PresetOptions(string space, string preset) => new();

    /// <inheritdoc />
    protected override ISearchStrategy Create(RandomSearchOptions options, ExperimentConfig config) =>
        new RandomSearch(SearchSpaceCatalog.Get(config.Space), config.Trials);
}
