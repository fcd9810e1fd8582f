namespace NasSharp.Strategies;

using System.Text.Json.Nodes;
using NasSharp.Experiments;

/// <summary>
/// Everything the experiment layer and the CLI know about a strategy, in one place: its name, the spaces it searches,
/// its options record (written into <c>config.json</c> with every default resolved), its presets, its command-line
/// options and its factory. Register one with <see cref="StrategyRegistry"/>; derive from
/// <see cref="StrategyDefinition{TOptions}"/> rather than implementing this directly.
/// </summary>
public interface IStrategyDefinition
{
    /// <summary>Name as given to <c>--strategy</c>, lower case.</summary>
    string Name { get; }

    /// <summary>One line for <c>nas strategies</c> and the help.</summary>
    string Summary { get; }

    /// <summary>Whether it scores architectures with weights of its own (a supernet) rather than through trials, so a
    /// trial evaluator such as the NAS-Bench-201 table cannot stand in for its search.</summary>
    bool WeightSharing { get; }

    /// <summary>Canonical names of the spaces it searches.</summary>
    IReadOnlyList<string> Spaces { get; }

    /// <summary>Preset names; the first is the default.</summary>
    IReadOnlyList<string> Presets { get; }

    /// <summary>What each preset is, one line each (same order as <see cref="Presets"/>).</summary>
    IReadOnlyList<string> PresetSummaries { get; }

    /// <summary>The strategy's own command-line options.</summary>
    IReadOnlyList<StrategyOption> CliOptions { get; }

    /// <summary>Type of the options record.</summary>
    Type OptionsType { get; }

    /// <summary>The options of <paramref name="preset"/> (null: the default) for <paramref name="space"/>, overlaid with
    /// the properties of <paramref name="given"/>, as JSON with every property present.</summary>
    /// <exception cref="ArgumentException">Unknown preset, a space this strategy does not search, a property the options
    /// record lacks, a value of the wrong type or out of range; the message names it.</exception>
    JsonObject ResolveOptions(string space, string? preset, JsonObject? given);

    /// <summary>The trial budget that goes with <paramref name="preset"/> (strategies that retrain their answer set its
    /// recipe); by default <paramref name="defaults"/> unchanged.</summary>
    TrialBudget PresetBudget(string space, string? preset, TrialBudget defaults);

    /// <summary>Help text of <c>--epochs</c> for this strategy (see <see cref="ApplyEpochs"/>).</summary>
    string EpochsHelp { get; }

    /// <summary>What an explicit <c>--epochs N</c> means for this strategy: by default the epochs of every trial.</summary>
    (JsonObject Options, TrialBudget Budget) ApplyEpochs(JsonObject options, TrialBudget budget, int epochs);

    /// <summary>Sets the property behind <paramref name="option"/> in <paramref name="options"/> from its command-line text.</summary>
    /// <exception cref="ArgumentException">The text is not a value of the property's type; the message names the option.</exception>
    void SetOption(JsonObject options, StrategyOption option, string text);

    /// <summary>The runner of this strategy's trials, given the usual one (which trains an architecture from scratch);
    /// by default <paramref name="training"/> itself. A strategy with trial kinds of its own (Petridish's warm-started
    /// candidate searches and children) wraps it.</summary>
    ITrialRunner CreateTrialRunner(ExperimentConfig config, TrainingTrialRunner training);

    /// <summary>Builds the strategy for a resolved experiment configuration.</summary>
    ISearchStrategy Create(ExperimentConfig config);
}
