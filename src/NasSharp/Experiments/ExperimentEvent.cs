namespace NasSharp.Experiments;

/// <summary>A line of the experiment's history (started, resumed, stopped, trial failed, finished, ...).</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Kind">Short kind, e.g. <c>started</c>, <c>resumed</c>, <c>trial_failed</c>.</param>
/// <param name="Message">Human-readable detail.</param>
public sealed record ExperimentEvent(DateTimeOffset Time, string Kind, string Message);
