namespace NasSharp.Experiments;

using NasSharp.SearchSpaces;

/// <summary>One unit of work handed to an executor: train and evaluate <paramref name="Architecture"/>.</summary>
/// <param name="TrialId">Store id of the trial.</param>
/// <param name="Key">The strategy's key for it (also names its folder).</param>
/// <param name="Architecture">What to train.</param>
/// <param name="Seed">Seed of the trial's weights, batches and augmentation.</param>
/// <param name="Budget">How to train it; null: the experiment's budget.</param>
public sealed record TrialSpec(long TrialId, string Key, Architecture Architecture, int Seed, TrialBudget? Budget = null);
