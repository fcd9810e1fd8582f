namespace NasSharp.Tests.Strategies;

using NasSharp.Experiments;
using NasSharp.SearchSpaces;

/// <summary>A trial runner for NB201 cells whose validation accuracy is the fraction of edges holding
/// <see cref="Favoured"/> (so that op is the best on every edge); no training.</summary>
internal sealed class FavouredOpRunner : ITrialRunner
{
    public const string Favoured = "nor_conv_3x3";

    public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation)
    {
        var cell = (Nb201Genotype)spec.Architecture;
        var score = cell.Ops.Count(o => o == Favoured) / 6.0;
        return new TrialOutcome(true, null, score, score, 1, 1, null, 0.001, new Dictionary<string, double>());
    }
}
