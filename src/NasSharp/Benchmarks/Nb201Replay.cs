namespace NasSharp.Benchmarks;

using System.Diagnostics;
using System.Globalization;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Strategies;

/// <summary>
/// <c>nas bench201 replay</c>: many seeded runs of registered strategies on nb201 with the table evaluator. Each run
/// is a real experiment (<see cref="Experiment"/> → <see cref="SearchContext"/> → executor, as a user's search) in a
/// temporary folder under <see cref="ReplayOptions.Out"/> with a non-durable store and no report, deleted after the
/// run; only the answers are kept. Proposals do not depend on the total budget, so one run at budget B gives the
/// answer at every budget ≤ B (the best trial so far by validation accuracy after each query).
/// </summary>
public static class Nb201Replay
{
    /// <summary>Folder under <see cref="ReplayOptions.Out"/> where runs happen.</summary>
    public const string TempFolder = ".replay-runs";

    /// <summary>Runs the replay and writes <c>replay.csv</c>, <c>summary.csv</c>, <c>replay.svg</c> and <c>replay.png</c>.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="progress">Progress lines (runs done, runs/s, ETA); default none.</param>
    /// <param name="cancellation">Stops after the current run.</param>
    /// <exception cref="ArgumentException">An unknown strategy, one that does not search nb201, or runs/budget below 1.</exception>
    /// <exception cref="FileNotFoundException">The table is not found.</exception>
    public static async Task<ReplayResult> RunAsync(ReplayOptions options, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Runs < 1) throw new ArgumentException($"--runs must be at least 1 (got {options.Runs}).", nameof(options));
        if (options.Budget < 1) throw new ArgumentException($"--budget must be at least 1 (got {options.Budget}).", nameof(options));
        if (options.Strategies.Count == 0) throw new ArgumentException("--strategy names no strategy.", nameof(options));
        var definitions = options.Strategies.Select(Check).DistinctBy(d => d.Name).ToArray(); // `random,random` runs it once
        var table = Nb201Benchmark.Load(options.Benchmark);
        var inv = CultureInfo.InvariantCulture;
        var temp = Path.Combine(options.Out, TempFolder);
        var runs = new List<ReplayRun>();
        var speed = new Dictionary<string, double>(StringComparer.Ordinal);
        Directory.CreateDirectory(options.Out);
        try
        {
            foreach (var definition in definitions)
            {
                var clock = Stopwatch.StartNew();
                var lastReport = TimeSpan.Zero;
                for (var r = 0; r < options.Runs; r++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    runs.Add(await RunOneAsync(definition.Name, r, options, table, Path.Combine(temp, $"{definition.Name}-{r}"), cancellation).ConfigureAwait(false));
                    var done = r + 1;
                    if (done == options.Runs || clock.Elapsed - lastReport >= TimeSpan.FromSeconds(2))
                    {
                        lastReport = clock.Elapsed;
                        var rate = done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                        var eta = TimeSpan.FromSeconds((options.Runs - done) / rate);
                        progress?.Report(string.Create(inv, $"{definition.Name}: {done}/{options.Runs} runs, {rate:F1} runs/s, ETA {eta:hh\\:mm\\:ss}"));
                    }
                }
                speed[definition.Name] = options.Runs / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            }
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        var summaries = Summarise(runs, definitions.Select(d => d.Name).ToArray(), Budgets(options));
        var files = ReplayFiles.Write(options.Out, runs, summaries, options.Budget);
        return new ReplayResult(runs, summaries, speed, files);
    }

    /// <summary>The budgets reported: <see cref="ReplayOptions.ReportBudgets"/> ≤ the budget, plus the budget itself.</summary>
    public static IReadOnlyList<int> Budgets(ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ReportBudgets.Where(b => b >= 1 && b <= options.Budget).Append(options.Budget).Distinct().Order().ToArray();
    }

    /// <summary>Mean ± std of the true test accuracy per strategy (in <paramref name="strategies"/> order) and budget.</summary>
    public static IReadOnlyList<ReplaySummary> Summarise(IReadOnlyList<ReplayRun> runs, IReadOnlyList<string> strategies, IReadOnlyList<int> budgets)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = new List<ReplaySummary>();
        foreach (var s in strategies)
        {
            foreach (var b in budgets)
            {
                var values = runs.Where(r => r.Strategy == s).Select(r => r.TrueTestAt(b)).OfType<double>().ToArray();
                var (mean, std) = ReplaySummary.Stats(values);
                rows.Add(new ReplaySummary(s, b, values.Length, mean, std));
            }
        }
        return rows;
    }

    private static IStrategyDefinition Check(string name)
    {
        var definition = StrategyRegistry.Get(name.Trim());
        if (!definition.Spaces.Contains("nb201", StringComparer.Ordinal) || definition.WeightSharing)
        {
            var nb201 = StrategyRegistry.All.Where(d => d.Spaces.Contains("nb201", StringComparer.Ordinal) && !d.WeightSharing).Select(d => d.Name);
            throw new ArgumentException($"Strategy '{definition.Name}' cannot be replayed over the table ({(definition.WeightSharing ? "it scores cells with its own shared weights" : $"it searches {string.Join(", ", definition.Spaces)}")}); replay needs one of: {string.Join(", ", nb201)}.");
        }
        return definition;
    }

    private static async Task<ReplayRun> RunOneAsync(string strategy, int run, ReplayOptions options, Nb201Benchmark table, string folder,
        CancellationToken cancellation)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var seed = StableSeed.Derive(options.Seed, $"replay/{run}");
        var config = new ExperimentConfig
        {
            Strategy = strategy, Space = "nb201", Trials = options.Budget, Seed = seed,
            Evaluator = TableTrialRunner.EvaluatorName, Benchmark = table.Folder,
        };
        try
        {
            SearchResult result;
            using (var experiment = Experiment.Create(folder, config, durable: false))
            {
                experiment.WriteReportWhenFinished = false;
                result = await experiment.RunAsync(cancellation: cancellation).ConfigureAwait(false);
            }
            return new ReplayRun(strategy, run, seed, Answers(result.Trials, table));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    // The best trial so far (by validation accuracy, ties to the earlier) after each query, in trial order.
    private static List<ReplayPoint> Answers(IReadOnlyList<TrialRecord> trials, Nb201Benchmark table)
    {
        var points = new List<ReplayPoint>();
        TrialRecord? best = null;
        Nb201Entry? entry = null;
        var queries = 0;
        foreach (var t in trials.OrderBy(t => t.Id))
        {
            queries++;
            if (t is { Status: TrialStatus.Succeeded, ValidAccuracy: { } v } && double.IsFinite(v) && (best is null || v > best.ValidAccuracy))
            {
                best = t;
                entry = table.Find((Nb201Genotype)ArchitectureJson.Deserialize(t.ArchitectureJson));
            }
            if (best is not null) points.Add(new ReplayPoint(queries, entry!.Index, best.ValidAccuracy!.Value, entry.Cifar10TestAcc));
        }
        return points;
    }
}
