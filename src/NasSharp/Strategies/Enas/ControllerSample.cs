namespace NasSharp.Strategies.Enas;

using NasSharp.SearchSpaces;
using static TorchSharp.torch;

/// <summary>One architecture drawn (or scored) by an <see cref="EnasController"/>.</summary>
/// <param name="Architecture">The architecture.</param>
/// <param name="Decisions">Every decision in the order the controller took them.</param>
/// <param name="LogProbability">Σ log π(decision), a scalar that carries gradients to the controller.</param>
/// <param name="Entropy">Σ of the entropies of the decision distributions (no gradient; ENAS stops it).</param>
/// <param name="SkipPenalty">Macro only: mean KL of the skip probabilities to the skip target (with gradients).</param>
/// <param name="OpProbabilities">Mean op distribution per decision group (<c>normal</c>, <c>reduce</c> or <c>layers</c>).</param>
public sealed record ControllerSample(
    Architecture Architecture, IReadOnlyList<int> Decisions, Tensor LogProbability, double Entropy, Tensor? SkipPenalty,
    IReadOnlyDictionary<string, double[]> OpProbabilities) : IDisposable
{
    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        LogProbability.Dispose();
        SkipPenalty?.Dispose();
    }
}
