namespace NasSharp.Experiments;

using NasSharp.Benchmarks;

/// <summary>The trial evaluators (<see cref="ExperimentConfig.Evaluator"/>): checks a configuration's choice and finds
/// the NAS-Bench-201 table for the true accuracies recorded beside NB201 trials.</summary>
internal static class Evaluators
{
    /// <summary>The valid evaluator names: <c>train</c>, <c>table</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["train", TableTrialRunner.EvaluatorName];

    /// <summary>The configuration with its evaluator name canonical and its benchmark path full.</summary>
    /// <exception cref="ArgumentException">An unknown evaluator, or <c>table</c> for a space other than nb201.</exception>
    /// <exception cref="FileNotFoundException">The table evaluator's table cannot be found.</exception>
    public static ExperimentConfig Validate(ExperimentConfig config)
    {
        var name = Names.FirstOrDefault(n => n.Equals(config.Evaluator, StringComparison.OrdinalIgnoreCase))
                   ?? throw new ArgumentException($"Unknown evaluator '{config.Evaluator}'. Valid evaluators: {string.Join(", ", Names)}.");
        if (name == TableTrialRunner.EvaluatorName && config.Space != "nb201")
            throw new ArgumentException($"--evaluator table answers trials from the NAS-Bench-201 table, so it needs --space nb201 (got '{config.Space}'); use --evaluator train for other spaces.");
        if (name == TableTrialRunner.EvaluatorName && Strategies.StrategyRegistry.Find(config.Strategy) is { WeightSharing: true } ws)
            throw new ArgumentException($"--evaluator table answers trials from the NAS-Bench-201 table, but {ws.Name} scores cells with its own shared weights; " +
                $"use it with --evaluator train (its answer's true accuracy is still recorded), or a trial-based strategy: " +
                string.Join(", ", Strategies.StrategyRegistry.All.Where(d => !d.WeightSharing && d.Spaces.Contains("nb201")).Select(d => d.Name)) + ".");
        var benchmark = config.Benchmark is null ? null : Path.GetFullPath(config.Benchmark);
        if (name == TableTrialRunner.EvaluatorName) Nb201Benchmark.Load(benchmark); // fails now, before the folder is made
        return config with { Evaluator = name, Benchmark = benchmark };
    }

    /// <summary>The annotator of an NB201 search when its table is found (given path or the default lookup), else null.</summary>
    public static Nb201Annotator? Annotator(ExperimentConfig config) =>
        config.Space == "nb201" && Nb201Benchmark.TryLoad(config.Benchmark) is { } table ? new Nb201Annotator(table) : null;
}
