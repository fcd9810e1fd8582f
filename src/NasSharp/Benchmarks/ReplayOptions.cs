namespace NasSharp.Benchmarks;

/// <summary>What <see cref="Nb201Replay"/> runs.</summary>
public sealed record ReplayOptions
{
    /// <summary>Registered strategies that search nb201, replayed one after the other. Default <c>random</c>.</summary>
    public IReadOnlyList<string> Strategies { get; init; } = ["random"];

    /// <summary>Seeded runs per strategy. Default 500.</summary>
    public int Runs { get; init; } = 500;

    /// <summary>Queries (trials) per run. Default 400.</summary>
    public int Budget { get; init; } = 400;

    /// <summary>Root seed; run r has seed <c>StableSeed.Derive(Seed, "replay/r")</c>. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Output folder (results; runs happen in a temporary folder below it, deleted after each run).</summary>
    public string Out { get; init; } = "runs/replay";

    /// <summary>The NAS-Bench-201 table (folder or either CSV); default null: the default lookup.</summary>
    public string? Benchmark { get; init; }

    /// <summary>The budgets reported in <c>summary.csv</c> and the printed table (those ≤ <see cref="Budget"/>, plus
    /// <see cref="Budget"/> itself). Default 50, 100, 200, 400.</summary>
    public IReadOnlyList<int> ReportBudgets { get; init; } = [50, 100, 200, 400];
}
