namespace NasSharp.Strategies.Supernet;

/// <summary>The loop settings every weight-sharing search has.</summary>
/// <param name="Epochs">Search epochs.</param>
/// <param name="BatchSize">Minibatch of the supernet's training and validation batches.</param>
/// <param name="RetrainEpochs">Epochs to retrain the derived architecture from scratch as the trial <c>retrain</c> with
/// the experiment's budget; 0 = no retraining (the derived trial is the answer).</param>
public sealed record SupernetSchedule(int Epochs, int BatchSize, int RetrainEpochs);
