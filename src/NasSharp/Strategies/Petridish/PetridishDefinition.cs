namespace NasSharp.Strategies.Petridish;

using NasSharp.Experiments;

/// <summary>Registration of <see cref="PetridishSearch"/> (<c>petridish</c>): space <c>petridish</c>, presets <c>paper</c>
/// (archai <c>petridish.yaml</c>'s phases) and <c>cpu-small</c> (Fashion-MNIST on two CPU cores in about an hour); its trials
/// run through <see cref="PetridishTrialRunner"/>.</summary>
public sealed class PetridishDefinition : StrategyDefinition<PetridishOptions>
{
    /// <inheritdoc />
    public override string Name => "petridish";

    /// <inheritdoc />
    public override string Summary =>
        "Petridish (Hu et al. 2019): forward search; grow gallery models by candidate nodes behind stop-gradient/stop-forward, keep the top-k as a gated node; Pareto gallery";

    /// <inheritdoc />
    public override IReadOnlyList<string> Spaces { get; } = [SearchSpaces.PetridishSearchSpace.SpaceName];

    /// <inheritdoc />
    public override IReadOnlyList<string> Presets { get; } = ["paper", "cpu-small"];

    /// <inheritdoc />
    public override IReadOnlyList<string> PresetSummaries { get; } =
    [
        "archai petridish.yaml: seeds at C=16 of 3 and 5 cells, 80 epochs per seed, candidate search and child, batch 96, SGD 0.025 cosine to 0.001; no model limit (stop with --max-macs, --max-models or --max-minutes)",
        "Fashion-MNIST on 2 CPU cores in about an hour: 4 seeds (C = 8, 16 x 3, 5 cells), 3 seed epochs, 1 candidate epoch, 2 child epochs on 10,000 training images; 10 models, growth stops after 50 minutes",
    ];

    /// <inheritdoc />
    public override IReadOnlyList<StrategyOption> CliOptions { get; } =
    [
        new("--seed-arch", nameof(PetridishOptions.SeedArch), "seed cell: a DARTS-format cell (name, text or file) or a Petridish genotype; default petridishnn's sep_conv_3x3 + identity"),
        new("--seed-layers", nameof(PetridishOptions.SeedLayers), "seed depths in cells, comma-separated (one seed per depth x width)"),
        new("--seed-channels", nameof(PetridishOptions.SeedChannels), "seed widths (initial channels), comma-separated"),
        new("--seed-epochs", nameof(PetridishOptions.SeedEpochs), "epochs of each seed's training"),
        new("--candidate-epochs", nameof(PetridishOptions.CandidateEpochs), "epochs of each candidate search (parent + candidates)"),
        new("--child-epochs", nameof(PetridishOptions.ChildEpochs), "epochs of each finalised child's training from its parent's weights"),
        new("--top-k", nameof(PetridishOptions.TopK), "(input, op) pairs kept per cell at finalisation (default 3)"),
        new("--l1", nameof(PetridishOptions.L1), "L1 weight on the candidate weights (default 0.001)"),
        new("--epsilon", nameof(PetridishOptions.Epsilon), "ε of the ε-hull parents are drawn from (default 0.025)"),
        new("--cost", nameof(PetridishOptions.Cost), "cost axis of the frontier: macs, params or latency (default macs)"),
        new("--max-models", nameof(PetridishOptions.MaxModels), "stop growing at this many trained models (0: no limit)"),
        new("--max-macs", nameof(PetridishOptions.MaxMacs), "stop growing once a model exceeds this many MACs (0: no limit)"),
        new("--max-trials", nameof(PetridishOptions.MaxTrials), "stop launching after this many trials of all kinds (0: no limit)"),
        new("--max-minutes", nameof(PetridishOptions.MaxMinutes), "stop launching after this many minutes of search (0: no limit)"),
        new("--pick-max-macs", nameof(PetridishOptions.PickMaxMacs), "answer: the most accurate model with at most this many MACs (0: any)"),
        new("--pick-max-params", nameof(PetridishOptions.PickMaxParams), "answer: the most accurate model with at most this many parameters (0: any)"),
    ];

    /// <inheritdoc />
    protected override PetridishOptions PresetOptions(string space, string preset) => preset == "paper"
        ? new PetridishOptions()
        : new PetridishOptions
        {
            // A candidate step costs 11x its seed's (7 ops on every state of every cell; 4.8x after one growth step:
            // bench/petridish-candidates.cs), so one candidate epoch per parent; two widths so the frontier spans MACs from the start.
            SeedLayers = "3,5", SeedChannels = "8,16", SeedEpochs = 3, CandidateEpochs = 1, ChildEpochs = 2, MaxModels = 10, MaxMinutes = 50,
        };

    /// <inheritdoc />
    protected override void Validate(PetridishOptions options, string space) => options.Validate();

    /// <inheritdoc />
    public override TrialBudget PresetBudget(string space, string? preset, TrialBudget defaults)
    {
        CheckSpace(space);
        // archai petridish.yaml (on darts.yaml): SGD 0.025 cosine to 0.001, momentum 0.9, wd 3e-4, clip 5, batch 96, no
        // drop-path or auxiliary head in the search phases, val_ratio 0.2.
        var paper = new TrialBudget
        {
            Epochs = 80, Channels = 16, Layers = 5, BatchSize = 96, LearningRate = 0.025, LearningRateMin = 0.001, WeightDecay = 3e-4, ValidFraction = 0.2,
        };
        return ResolvePreset(preset) == "paper" ? paper
            : paper with { Epochs = 2, Channels = 8, Layers = 3, BatchSize = 64, CropPadding = 0, HorizontalFlip = false, TrainLimit = 10000 };
    }

    /// <inheritdoc />
    public override string EpochsHelp => "petridish: --seed-epochs, --candidate-epochs and --child-epochs set each phase; --epochs N sets all three.";

    /// <inheritdoc />
    public override (System.Text.Json.Nodes.JsonObject Options, TrialBudget Budget) ApplyEpochs(System.Text.Json.Nodes.JsonObject options, TrialBudget budget, int epochs)
    {
        options[JsonName(nameof(PetridishOptions.SeedEpochs))] = epochs;
        options[JsonName(nameof(PetridishOptions.CandidateEpochs))] = epochs;
        options[JsonName(nameof(PetridishOptions.ChildEpochs))] = epochs;
        return (options, budget with { Epochs = epochs });
    }

    /// <inheritdoc />
    public override ITrialRunner CreateTrialRunner(ExperimentConfig config, TrainingTrialRunner training) =>
        new PetridishTrialRunner(training, config.Budget, Options(config).L1);

    /// <inheritdoc />
    protected override ISearchStrategy Create(PetridishOptions options, ExperimentConfig config) => new PetridishSearch(options);
}
