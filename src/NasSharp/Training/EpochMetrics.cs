namespace NasSharp.Training;

/// <summary>What one training epoch produced.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="LearningRate">Learning rate used in this epoch.</param>
/// <param name="DropPath">Drop-path probability used in this epoch.</param>
/// <param name="TrainLoss">Mean training loss (classifier head).</param>
/// <param name="TrainAccuracy">Training accuracy, 0..1.</param>
/// <param name="TestLoss">Held-out loss, if an evaluation set was given.</param>
/// <param name="TestAccuracy">Held-out accuracy, if an evaluation set was given.</param>
/// <param name="Seconds">Wall time of the epoch including evaluation.</param>
public sealed record EpochMetrics(
    int Epoch, double LearningRate, double DropPath, double TrainLoss, double TrainAccuracy,
    double? TestLoss, double? TestAccuracy, double Seconds);
