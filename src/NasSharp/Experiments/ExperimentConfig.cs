namespace NasSharp.Experiments;

using System.Text.Json;
using System.Text.Json.Nodes;
using NasSharp.Training;

/// <summary>An experiment's definition; written out in full as <c>config.json</c>.</summary>
public sealed record ExperimentConfig
{
    /// <summary>Name; default: the folder's name.</summary>
    public string? Name { get; init; }
    /// <summary>Strategy (see <see cref="Strategies.StrategyRegistry.Names"/>). Default <c>random</c>.</summary>
    public string Strategy { get; init; } = "random";
    /// <summary>Search space (see <c>SearchSpaceCatalog.Names</c>). Default <c>nb201</c>.</summary>
    public string Space { get; init; } = "nb201";
    /// <summary>The strategy's preset; null: its default (the first of <see cref="Strategies.IStrategyDefinition.Presets"/>).
    /// Written out resolved.</summary>
    public string? Preset { get; init; }
    /// <summary>Root seed of every random stream. Default 0.</summary>
    public int Seed { get; init; }
    /// <summary>Trials to run (trial-based strategies). Default 10.</summary>
    public int Trials { get; init; } = 10;
    /// <summary>Concurrent trials in this process. Default 1 (reproducible on CPU).</summary>
    public int Workers { get; init; } = 1;
    /// <summary>How each trial is trained.</summary>
    public TrialBudget Budget { get; init; } = new();
    /// <summary>How trials are evaluated: <c>train</c> (default: trained with <see cref="Budget"/>) or <c>table</c>
    /// (answered from the NAS-Bench-201 table, space nb201 only; see <c>Benchmarks.TableTrialRunner</c>).</summary>
    public string Evaluator { get; init; } = "train";
    /// <summary>The NAS-Bench-201 table (its folder or either CSV); default null: looked up as
    /// <c>Benchmarks.Nb201Benchmark.Load</c> does. Used by the table evaluator and for the true accuracies recorded
    /// beside NB201 trials.</summary>
    public string? Benchmark { get; init; }
    /// <summary>The strategy's own options record as JSON (snake_case, as the rest of <c>config.json</c>); properties left
    /// out take the preset's values. Written out with every property resolved.</summary>
    public JsonObject? StrategyOptions { get; init; }

    /// <summary>Reads a configuration written by any NasSharp version. Folders made before the strategy registry kept
    /// ENAS's options in a typed <c>enas</c> property and no preset; they are read as <see cref="StrategyOptions"/>
    /// (their values were resolved in full, so the preset does not matter).</summary>
    /// <param name="json">The <c>config.json</c> text (or the copy in the store).</param>
    /// <param name="source">Where it came from, for the error message.</param>
    /// <exception cref="InvalidDataException">Not a configuration; the message names <paramref name="source"/>.</exception>
    public static ExperimentConfig FromJson(string json, string source)
    {
        try
        {
            var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{source}: the configuration is not a JSON object.");
            if (node["strategy_options"] is null && node["preset"] is null)
            {
                // Written before the strategy registry (store schema 1): the train limit took the first N images.
                if (node["budget"] is JsonObject budget) budget.TryAdd("train_limit_stratified", false);
                if (string.Equals((string?)node["strategy"], "enas", StringComparison.OrdinalIgnoreCase))
                {
                    // ENAS as it was then. Its options were written in full (a null meant the paper preset, whose
                    // retraining was 630 epochs); its shared model had no auxiliary head and no dropout (and its saved
                    // weights have none) and its controller used TorchSharp's Adam defaults, so the options added since
                    // take those values rather than the preset's.
                    var legacy = node["enas"] as JsonObject ?? new JsonObject { ["retrain_epochs"] = 630 };
                    node.Remove("enas");
                    legacy.TryAdd("auxiliary_weight", 0);
                    legacy.TryAdd("dropout", 0);
                    legacy.TryAdd("controller_beta1", 0.9);
                    legacy.TryAdd("controller_epsilon", 1e-8);
                    node["strategy_options"] = legacy;
                }
            }
            node.Remove("enas");
            return node.Deserialize<ExperimentConfig>(ModelFolder.Json) ?? throw new InvalidDataException($"{source}: empty configuration.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the configuration is not valid ({e.Message}).", e);
        }
    }

    /// <summary>The configuration as <c>config.json</c> text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ModelFolder.Json);
}
