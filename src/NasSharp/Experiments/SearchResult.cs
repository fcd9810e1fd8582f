namespace NasSharp.Experiments;

/// <summary>Where a search stands after <c>Experiment.RunAsync</c> returns.</summary>
/// <param name="Status">Finished, or stopped (resumable).</param>
/// <param name="Best">The succeeded trial with the highest validation accuracy (lowest id on ties), if any.</param>
/// <param name="Trials">Every trial, by id.</param>
public sealed record SearchResult(ExperimentStatus Status, TrialRecord? Best, IReadOnlyList<TrialRecord> Trials);
