namespace NasSharp.Benchmarks;

/// <summary>What <see cref="Nb201Replay.RunAsync"/> produced (also written to its output folder).</summary>
/// <param name="Runs">Every run, strategy by strategy.</param>
/// <param name="Summaries">Mean ± std per strategy at each reported budget.</param>
/// <param name="RunsPerSecond">Replay speed per strategy (whole runs, including creating and deleting the folder).</param>
/// <param name="Files">The files written: <c>replay.csv</c>, <c>summary.csv</c>, <c>replay.svg</c>, <c>replay.png</c>.</param>
public sealed record ReplayResult(
    IReadOnlyList<ReplayRun> Runs, IReadOnlyList<ReplaySummary> Summaries, IReadOnlyDictionary<string, double> RunsPerSecond,
    IReadOnlyList<string> Files);
