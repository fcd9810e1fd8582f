namespace NasSharp.Experiments;

/// <summary>Does one trial's work (for example train briefly and measure validation accuracy). May throw: the executor
/// turns an exception into a failed <see cref="TrialOutcome"/>. Cancellation is not a failure: throw
/// <see cref="OperationCanceledException"/> and the trial stays unfinished, to run again on resume.</summary>
public interface ITrialRunner
{
    /// <summary>Runs the trial.</summary>
    TrialOutcome Run(TrialSpec spec, CancellationToken cancellation);
}
