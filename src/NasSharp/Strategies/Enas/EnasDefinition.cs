namespace NasSharp.Strategies.Enas;

using System.Text.Json.Nodes;
using NasSharp.Experiments;

/// <summary>Registration of <see cref="EnasSearch"/>: its spaces, presets (<c>paper</c>, <c>cpu-small</c>), options and the
/// retraining budget each preset brings.</summary>
public sealed class EnasDefinition : StrategyDefinition<EnasOptions>
{
    /// <inheritdoc />
    public override string Name => "enas";

    /// <inheritdoc />
    public override string Summary => "ENAS (Pham et al. 2018): LSTM controller + REINFORCE over one shared model, derive, retrain";

    /// <inheritdoc />
    public override bool WeightSharing => true;

    /// <inheritdoc />
    public override IReadOnlyList<string> Spaces { get; } = ["enas-micro", "enas-macro", "nb201"];

    /// <inheritdoc />
    public override IReadOnlyList<string> Presets { get; } = EnasOptions.Presets;

    /// <inheritdoc />
    public override IReadOnlyList<string> PresetSummaries { get; } =
    [
        "the reference's CIFAR-10 search (melodyguan/enas cifar10_{micro,macro}_search.sh) and its final training (*_final.sh)",
        "a real search on 2 CPU cores in minutes: 8 channels, 6 epochs of 50 steps, 5 x 10 controller samples, 3-epoch retrain " +
        "(nb201: the benchmark's 16 channels with 2 cells per stage, 25 epochs of 100 steps, 20 x 10 controller samples at " +
        "lr 5e-3, a class-balanced 10,000-image subset, 100 derive samples, no retrain: the table scores the answer)",
    ];

    /// <inheritdoc />
    public override IReadOnlyList<StrategyOption> CliOptions { get; } =
    [
        new("--search-epochs", nameof(EnasOptions.Epochs), "search epochs (paper: 150 micro / 310 macro)"),
        new("--retrain", nameof(EnasOptions.RetrainEpochs), "retrain the derived architecture from scratch for this many epochs (0: no); an explicit --epochs sets it too"),
        new("--steps-per-epoch", nameof(EnasOptions.StepsPerEpoch), "shared-model steps per epoch (0: one pass over the search-training split)"),
        new("--shared-channels", nameof(EnasOptions.Channels), "channels of the shared model"),
        new("--shared-layers", nameof(EnasOptions.Layers), "micro: cells of the shared model incl. the 2 reductions; macro: layers"),
        new("--shared-batch-size", nameof(EnasOptions.BatchSize), "minibatch of shared-model steps and reward minibatches"),
        new("--controller-steps", nameof(EnasOptions.ControllerSteps), "controller updates per epoch"),
        new("--controller-aggregate", nameof(EnasOptions.ControllerAggregate), "sampled architectures averaged per controller update"),
        new("--entropy-weight", nameof(EnasOptions.EntropyWeight), "weight of the entropy bonus in the reward"),
        new("--derive-samples", nameof(EnasOptions.DeriveSamples), "architectures sampled and scored at the end"),
    ];

    /// <inheritdoc />
    protected override EnasOptions PresetOptions(string space, string preset) => EnasOptions.ForSpace(space, preset);

    /// <inheritdoc />
    protected override void Validate(EnasOptions options, string space) => options.Validate();

    /// <inheritdoc />
    public override TrialBudget PresetBudget(string space, string? preset, TrialBudget defaults) =>
        EnasPresets.Budget(CheckSpace(space), ResolvePreset(preset));

    /// <inheritdoc />
    public override string EpochsHelp => "ENAS: epochs of the retraining of the derived architecture (0: no retraining); sets --retrain unless it is given.";

    /// <inheritdoc />
    /// <remarks>ENAS trains one trial of its own, the retraining, so <c>--epochs N</c> is the retraining length;
    /// <c>--epochs 0</c> skips it and leaves the budget's own epochs (a budget needs at least one).</remarks>
    public override (JsonObject Options, TrialBudget Budget) ApplyEpochs(JsonObject options, TrialBudget budget, int epochs)
    {
        options[JsonName(nameof(EnasOptions.RetrainEpochs))] = epochs;
        return (options, epochs == 0 ? budget : budget with { Epochs = epochs });
    }

    /// <inheritdoc />
    protected override ISearchStrategy Create(EnasOptions options, ExperimentConfig config) => new EnasSearch(options, config.Space);
}
