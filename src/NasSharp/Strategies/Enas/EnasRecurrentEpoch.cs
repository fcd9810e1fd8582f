namespace NasSharp.Strategies.Enas;

/// <summary>What one epoch of the ENAS recurrent search measured (a line of <c>metrics.jsonl</c>).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="SharedPerplexity">Training perplexity of the shared model over the epoch (sampled cells, with dropout).</param>
/// <param name="Reward">Mean controller reward (80 / validation perplexity + entropy bonus) over the epoch's samples.</param>
/// <param name="ValidPerplexity">Mean validation-window perplexity of the controller's samples.</param>
/// <param name="Entropy">Mean summed entropy of the controller's decisions.</param>
/// <param name="Baseline">Baseline at the end of the epoch.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="ValidCursor">Validation windows the controller has consumed so far (where a resumed search continues).</param>
public sealed record EnasRecurrentEpoch(int Epoch, double SharedPerplexity, double Reward, double ValidPerplexity, double Entropy, double Baseline, double Seconds,
    long ValidCursor);
