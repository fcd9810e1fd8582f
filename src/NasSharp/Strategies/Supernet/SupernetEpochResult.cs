namespace NasSharp.Strategies.Supernet;

/// <summary>What one search epoch reports: named metrics (recorded at the epoch's step) and a one-line summary for the
/// progress display.</summary>
/// <param name="Metrics">Metric name to value, in report order.</param>
/// <param name="Summary">e.g. <c>shared loss 1.48 acc 40.8% | reward 0.43</c>.</param>
public sealed record SupernetEpochResult(IReadOnlyList<KeyValuePair<string, double>> Metrics, string Summary);
