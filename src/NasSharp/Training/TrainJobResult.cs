namespace NasSharp.Training;

/// <summary>What <see cref="TrainJob.Run"/> produced (also written as <c>result.json</c>).</summary>
/// <param name="TestAccuracy">Final held-out top-1 accuracy, 0..1.</param>
/// <param name="TestLoss">Final held-out loss.</param>
/// <param name="Parameters">Trainable parameters of the network.</param>
/// <param name="Macs">Multiply-accumulates per image.</param>
/// <param name="Epochs">Epochs trained in total.</param>
/// <param name="WallSeconds">Wall time of this call (data loading included).</param>
public sealed record TrainJobResult(double TestAccuracy, double TestLoss, long Parameters, long Macs, int Epochs, double WallSeconds);
