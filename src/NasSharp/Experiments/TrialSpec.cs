namespace NasSharp.Experiments;

using NasSharp.SearchSpaces;

/// <summary>One unit of work handed to an executor: train and evaluate <paramref name="Architecture"/>.</summary>
/// <param name="TrialId">Store id of the trial.</param>
/// <param name="Key">The strategy's key for it (also names its folder).</param>
/// <param name="Architecture">What to train.</param>
/// <param name="Seed">Seed of the trial's weights, batches and augmentation.</param>
/// <param name="Budget">How to train it; default null: the experiment's budget.</param>
/// <param name="Kind">What the trial is for; default <see cref="TrialRecord.DefaultKind"/> (<c>trial</c>).</param>
/// <param name="ParentKey">Key of the trial it derives from; default null (none).</param>
public sealed record TrialSpec(long TrialId, string Key, Architecture Architecture, int Seed, TrialBudget? Budget = null,
    string Kind = TrialRecord.DefaultKind, string? ParentKey = null);
