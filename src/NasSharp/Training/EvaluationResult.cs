namespace NasSharp.Training;

/// <summary>Loss and accuracy of a network on a dataset.</summary>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Accuracy">Top-1 accuracy, 0..1.</param>
/// <param name="Count">Number of examples evaluated.</param>
public sealed record EvaluationResult(double Loss, double Accuracy, long Count);
