namespace NasSharp.Strategies.Enas;

using NasSharp.SearchSpaces;
using NasSharp.Training;

/// <summary>The outcome of an ENAS recurrent search (<c>result.json</c> of its folder).</summary>
/// <param name="Best">The derived cell.</param>
/// <param name="BestText">Its DARTS recurrent text.</param>
/// <param name="BestArc">Its enas_lm fixed_arc.</param>
/// <param name="BestDerivePerplexity">Its perplexity with the shared weights on the derive windows.</param>
/// <param name="Epochs">Every search epoch's measurements.</param>
/// <param name="Retrained">The retraining's result, when it ran.</param>
public sealed record EnasRecurrentResult(RecurrentGenotype Best, string BestText, string BestArc, double BestDerivePerplexity,
    IReadOnlyList<EnasRecurrentEpoch> Epochs, LanguageModelResult? Retrained);
