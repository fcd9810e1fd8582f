namespace NasSharp.Strategies.Petridish;

using NasSharp.Networks;
using NasSharp.SearchSpaces;

/// <summary>Finalisation's choice (petridishnn <c>train_eval.py</c> <c>get_l_op_order</c> + <c>feature_selection_cutoff</c>):
/// the (input, op) pairs of one cell type ordered by |weight|, largest first (ties: pair order), the first k kept.</summary>
public static class CandidateSelection
{
    /// <summary>The top <paramref name="k"/> pairs of <paramref name="cell"/> (<c>normal</c>/<c>reduce</c>) with
    /// <paramref name="states"/> states, read from a candidate trial's metrics.</summary>
    /// <exception cref="InvalidDataException">A pair's weight is missing or not finite; the message names it.</exception>
    public static OpEdge[] TopK(IReadOnlyDictionary<string, double> metrics, string cell, int states, int k)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var pairs = PetridishCandidates.Pairs(states);
        var weights = pairs.Select(p =>
        {
            var name = PetridishTrialRunner.CandidateMetric(cell, p);
            return metrics.TryGetValue(name, out var w) && double.IsFinite(w) ? w
                : throw new InvalidDataException($"The candidate search did not report a finite weight '{name}' (expected one per pair of the {cell} cell's {states} states).");
        }).ToArray();
        return TopK(pairs, weights, k);
    }

    /// <summary>The top <paramref name="k"/> of <paramref name="pairs"/> by |<paramref name="weights"/>|, largest first.</summary>
    public static OpEdge[] TopK(IReadOnlyList<OpEdge> pairs, IReadOnlyList<double> weights, int k) =>
        Enumerable.Range(0, pairs.Count).OrderByDescending(i => Math.Abs(weights[i])).ThenBy(i => i).Take(k).Select(i => pairs[i]).ToArray();
}
