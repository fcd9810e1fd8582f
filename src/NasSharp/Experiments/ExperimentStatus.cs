namespace NasSharp.Experiments;

/// <summary>Life cycle of an experiment.</summary>
public enum ExperimentStatus
{
    /// <summary>Folder and store created, nothing run yet.</summary>
    Created,
    /// <summary>A process is running it (or was killed while running it).</summary>
    Running,
    /// <summary>Stopped cleanly (Ctrl-C) after a checkpoint; resumable.</summary>
    Stopped,
    /// <summary>The strategy finished.</summary>
    Finished,
    /// <summary>The strategy itself failed (not a trial); the reason is in the events.</summary>
    Failed,
}
