namespace NasSharp.Experiments;

/// <summary>Life cycle of a trial in the experiment store.</summary>
public enum TrialStatus
{
    /// <summary>Recorded, not started.</summary>
    Queued,
    /// <summary>Handed to an executor worker.</summary>
    Running,
    /// <summary>Finished with metrics.</summary>
    Succeeded,
    /// <summary>Finished with an error (the reason is stored); a failed trial is data, not an exception.</summary>
    Failed,
}
