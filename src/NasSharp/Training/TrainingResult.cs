namespace NasSharp.Training;

/// <summary>Outcome of <see cref="Trainer.Train"/>.</summary>
/// <param name="History">Metrics of every epoch run in this call (resumed epochs are not repeated).</param>
/// <param name="Final">Evaluation on the held-out set after the last epoch, if one was given.</param>
/// <param name="ResumedFromEpoch">Epochs already done in the checkpoint this run resumed from (0 if fresh).</param>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, EvaluationResult? Final, int ResumedFromEpoch);
