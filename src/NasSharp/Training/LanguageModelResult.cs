namespace NasSharp.Training;

/// <summary>What a language-model run measured (the model folder's <c>result.json</c>).</summary>
/// <param name="Architecture">The cell as text, or <c>lstm</c>.</param>
/// <param name="Parameters">Trainable parameters (the embedding counted once: it is tied to the softmax).</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="ValidPerplexity">Final validation perplexity (averaged weights when averaging started).</param>
/// <param name="TestPerplexity">Test perplexity with the final weights.</param>
/// <param name="AveragingStartedAfterEpoch">Epoch after which weight averaging started; null: never.</param>
/// <param name="Seconds">Wall time of all epochs and the final evaluation (this run and earlier ones of the folder).</param>
/// <param name="ValidHistory">Validation perplexity after each epoch.</param>
public sealed record LanguageModelResult(string Architecture, long Parameters, int Epochs, double ValidPerplexity, double TestPerplexity,
    int? AveragingStartedAfterEpoch, double Seconds, IReadOnlyList<double> ValidHistory);
