namespace NasSharp.Experiments;

/// <summary>Placeholder: the SQLite store is being written on a branch.</summary>
public sealed partial class ExperimentStore
{
    /// <summary>Stores a finished trial.</summary>
    public void CompleteTrial(long id, TrialOutcome outcome) => throw new NotImplementedException();
}
