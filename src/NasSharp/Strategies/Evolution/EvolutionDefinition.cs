namespace NasSharp.Strategies.Evolution;

using NasSharp.Experiments;
using NasSharp.SearchSpaces;

/// <summary>Registration of <see cref="RegularizedEvolution"/> (<c>rea</c>): every registered space that implements
/// <see cref="IMutableSearchSpace"/> (today <c>nb201</c>), with any evaluator (trained trials or table lookups).</summary>
public sealed class EvolutionDefinition : StrategyDefinition<EvolutionOptions>
{
    /// <inheritdoc />
    public override string Name => "rea";

    /// <inheritdoc />
    public override string Summary =>
        "regularized evolution (Real et al. 2019): random population, tournament, mutate one edge, remove the oldest; --trials queries";

    /// <inheritdoc />
    public override IReadOnlyList<string> Spaces { get; } =
        SearchSpaceCatalog.Names.Where(n => SearchSpaceCatalog.Get(n) is IMutableSearchSpace).ToArray();

    /// <inheritdoc />
    public override IReadOnlyList<StrategyOption> CliOptions { get; } =
    [
        new("--population", nameof(EvolutionOptions.Population), "population size; the first trials are this many random cells"),
        new("--sample", nameof(EvolutionOptions.Sample), "tournament size: members drawn with replacement, the best is the parent"),
    ];

    /// <inheritdoc />
    protected override string UnsupportedSpaceReason =>
        ": regularized evolution mutates architectures, and only those spaces can mutate theirs (IMutableSearchSpace) so far";

    /// <inheritdoc />
    protected override EvolutionOptions PresetOptions(string space, string preset) => new();

    /// <inheritdoc />
    protected override void Validate(EvolutionOptions options, string space) => options.Validate();

    /// <inheritdoc />
    protected override ISearchStrategy Create(EvolutionOptions options, ExperimentConfig config) =>
        new RegularizedEvolution((IMutableSearchSpace)SearchSpaceCatalog.Get(CheckSpace(config.Space)), options, config.Trials, config.Workers);
}
