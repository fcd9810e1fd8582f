namespace NasSharp.Strategies.Darts;

using System.Text.Json.Nodes;
using NasSharp.Experiments;

/// <summary>Registration of DARTS (<see cref="DartsSearch"/> over the real ops): spaces <c>darts</c> and <c>nb201</c>,
/// presets <c>paper</c> and <c>cpu-small</c>.</summary>
public class DartsDefinition : StrategyDefinition<DartsOptions>
{
    /// <inheritdoc />
    public override string Name => "darts";

    /// <inheritdoc />
    public override string Summary => "DARTS (Liu et al. 2019): one supernet of mixed ops, α and ω by bilevel gradient descent, derive, retrain";

    /// <inheritdoc />
    public override bool WeightSharing => true;

    /// <inheritdoc />
    public override IReadOnlyList<string> Spaces { get; } = ["darts", "nb201"];

    /// <inheritdoc />
    public override IReadOnlyList<string> Presets { get; } = DartsPresets.Names;

    /// <inheritdoc />
    public override IReadOnlyList<string> PresetSummaries { get; } =
    [
        "the reference's CIFAR-10 search (quark0/darts train_search.py; nb201: AutoDL-Projects DARTS-V1) and its evaluation recipe (train.py)",
        "a real search on 2 CPU cores in about 15 minutes: C=8, 5 cells, 6 epochs of 60 steps at batch 32, α lr 3e-3, 3-epoch retrain on 10,000 images " +
        "(nb201: C=8, 1 cell per stage, 10 epochs of 100 steps at batch 64, no retrain: the table scores the answer)",
    ];

    /// <inheritdoc />
    public override IReadOnlyList<StrategyOption> CliOptions { get; } =
    [
        new("--search-epochs", nameof(DartsOptions.Epochs), "search epochs (paper: 50)"),
        new("--retrain", nameof(DartsOptions.RetrainEpochs), "retrain the derived architecture from scratch for this many epochs (0: no); an explicit --epochs sets it too"),
        new("--steps-per-epoch", nameof(DartsOptions.StepsPerEpoch), "α+ω steps per epoch (0: one pass over the search-training split)"),
        new("--supernet-channels", nameof(DartsOptions.Channels), "initial channels of the supernet (paper: 16)"),
        new("--supernet-layers", nameof(DartsOptions.Layers), "cells of the supernet (paper: 8); nb201: cells per stage"),
        new("--supernet-batch-size", nameof(DartsOptions.BatchSize), "minibatch of the α and ω steps (paper: 64)"),
        new("--unrolled", nameof(DartsOptions.Unrolled), "second-order DARTS (true) or first order (false, default)"),
        new("--arch-lr", nameof(DartsOptions.ArchLearningRate), "Adam learning rate of α (paper: 3e-4)"),
        new("--temperature", nameof(DartsOptions.Temperature), "softmax temperature T of the mixing weights softmax(α/T) (DARTS: 1; BATS: 0.2)"),
    ];

    /// <inheritdoc />
    protected override DartsOptions PresetOptions(string space, string preset) => DartsPresets.Options(Name, space, preset);

    /// <inheritdoc />
    protected override void Validate(DartsOptions options, string space) => options.Validate(Name);

    /// <inheritdoc />
    public override TrialBudget PresetBudget(string space, string? preset, TrialBudget defaults) =>
        DartsPresets.Budget(Name, CheckSpace(space), ResolvePreset(preset));

    /// <inheritdoc />
    public override string EpochsHelp => $"{Name}: epochs of the retraining of the derived architecture (0: no retraining); sets --retrain unless it is given.";

    /// <inheritdoc />
    public override (JsonObject Options, TrialBudget Budget) ApplyEpochs(JsonObject options, TrialBudget budget, int epochs)
    {
        options[JsonName(nameof(DartsOptions.RetrainEpochs))] = epochs;
        return (options, epochs == 0 ? budget : budget with { Epochs = epochs });
    }

    /// <inheritdoc />
    protected override ISearchStrategy Create(DartsOptions options, ExperimentConfig config) => new DartsSearch(options, config.Space, Name);
}
