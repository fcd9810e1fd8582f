namespace NasSharp.Strategies.Reinforce;

using NasSharp.Experiments;

/// <summary>Registration of <see cref="ReinforceSearch"/> (<c>reinforce</c>): the spaces with an <see cref="EdgeOpEncoding"/>
/// (today <c>nb201</c>), with any evaluator (trained trials or table lookups).</summary>
public sealed class ReinforceDefinition : StrategyDefinition<ReinforceOptions>
{
    /// <inheritdoc />
    public override string Name => "reinforce";

    /// <inheritdoc />
    public override string Summary =>
        "REINFORCE over per-edge op logits (AutoDL-Projects reinforce.py): sample a cell, train it, Adam step with an EMA baseline; --trials queries";

    /// <inheritdoc />
    public override IReadOnlyList<string> Spaces => EdgeOpEncoding.Spaces;

    /// <inheritdoc />
    public override IReadOnlyList<StrategyOption> CliOptions { get; } =
    [
        new("--policy-lr", nameof(ReinforceOptions.LearningRate), "Adam learning rate of the op logits"),
        new("--ema-momentum", nameof(ReinforceOptions.EmaMomentum), "momentum of the moving-average reward baseline"),
    ];

    /// <inheritdoc />
    protected override string UnsupportedSpaceReason =>
        ": REINFORCE learns one op per edge of a fixed cell, and only those spaces are encoded as edges × ops so far";

    /// <inheritdoc />
    protected override ReinforceOptions PresetOptions(string space, string preset) => new();

    /// <inheritdoc />
    protected override void Validate(ReinforceOptions options, string space) => options.Validate();

    /// <inheritdoc />
    protected override ISearchStrategy Create(ReinforceOptions options, ExperimentConfig config) =>
        new ReinforceSearch(EdgeOpEncoding.For(CheckSpace(config.Space)), options, config.Trials, config.Workers);
}
