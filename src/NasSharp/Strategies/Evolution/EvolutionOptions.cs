namespace NasSharp.Strategies.Evolution;

using System.Globalization;

/// <summary>
/// Regularized evolution's options. Defaults are the NAS-Bench-201 reference settings of AutoDL-Projects
/// <c>exps/NATS-algos/regularized_ea.py</c> (its usage lines: <c>--ea_population 10 --ea_sample_size 3</c>). The
/// budget, the number of trials (queries) including the initial population, is the experiment's
/// <see cref="Experiments.ExperimentConfig.Trials"/>, as for random search.
/// </summary>
public sealed record EvolutionOptions
{
    /// <summary>Population size P: the first P trials are random cells, and the population keeps the P youngest
    /// members. Default 10 (<c>regularized_ea.py</c>, <c>--ea_population 10</c>).</summary>
    public int Population { get; init; } = 10;

    /// <summary>Tournament size S: members drawn uniformly, with replacement, from the population; the best of them is
    /// the parent. Default 3 (<c>regularized_ea.py</c>, <c>--ea_sample_size 3</c>).</summary>
    public int Sample { get; init; } = 3;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Population < 1)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"rea option Population must be at least 1, got {Population}."));
        if (Sample < 1 || Sample > Population)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"rea option Sample must be in [1, Population = {Population}], got {Sample}."));
    }
}
