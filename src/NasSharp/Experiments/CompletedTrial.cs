namespace NasSharp.Experiments;

/// <summary>A trial that finished (successfully or not), as an executor hands it back.</summary>
/// <param name="Spec">What was run.</param>
/// <param name="Outcome">What it produced.</param>
public sealed record CompletedTrial(TrialSpec Spec, TrialOutcome Outcome);
