namespace NasSharp.Training;

using NasSharp.Cost;

/// <summary>What <see cref="TwoStageBinaryTraining.Train"/> produced.</summary>
/// <param name="Stage1">The stage-1 network (binary activations, real weights) on the evaluation set.</param>
/// <param name="Stage2BeforeFineTuning">Stage 1's weights with weight binarisation switched on, before any stage-2 step.</param>
/// <param name="Stage2">The fully binary network after stage 2.</param>
/// <param name="Stage1Test">As <paramref name="Stage1"/> on the separate test set, when one was given; else null.</param>
/// <param name="Stage2BeforeFineTuningTest">As <paramref name="Stage2BeforeFineTuning"/> on the separate test set, or null.</param>
/// <param name="Stage2Test">As <paramref name="Stage2"/> on the separate test set, or null.</param>
/// <param name="Stage1Training">Stage 1's training in this call; null when stage 1 was already done (stage 2 had a checkpoint).</param>
/// <param name="Stage2Training">Stage 2's training in this call.</param>
/// <param name="Cost">Cost of the stage-2 (fully binary) network: FLOPs, BOPs and combined.</param>
public sealed record TwoStageResult(
    EvaluationResult Stage1, EvaluationResult Stage2BeforeFineTuning, EvaluationResult Stage2,
    EvaluationResult? Stage1Test, EvaluationResult? Stage2BeforeFineTuningTest, EvaluationResult? Stage2Test,
    TrainingResult? Stage1Training, TrainingResult Stage2Training, ModelCost Cost);
