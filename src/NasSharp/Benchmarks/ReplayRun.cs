namespace NasSharp.Benchmarks;

/// <summary>One seeded run of a strategy in <see cref="Nb201Replay"/>.</summary>
/// <param name="Strategy">The strategy's name.</param>
/// <param name="Run">0-based run number.</param>
/// <param name="Seed">The experiment's root seed.</param>
/// <param name="Points">The answer after each query that had one (a query before any trial succeeded has none).</param>
public sealed record ReplayRun(string Strategy, int Run, int Seed, IReadOnlyList<ReplayPoint> Points)
{
    /// <summary>The answer's true test accuracy (percent) after <paramref name="queries"/> queries (the last answer at
    /// or before it), or null when none yet.</summary>
    public double? TrueTestAt(int queries)
    {
        ReplayPoint? last = null;
        foreach (var p in Points)
        {
            if (p.Queries > queries) break;
            last = p;
        }
        return last?.TrueTestAcc;
    }
}
