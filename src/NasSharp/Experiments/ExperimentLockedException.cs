namespace NasSharp.Experiments;

/// <summary>
/// An experiment folder could not be run because a live process is running it (it holds the folder's
/// <c>experiment.lock</c>). Thrown by <see cref="Experiment.RunAsync(ITrialRunner, IProgress{SearchProgress}?, CancellationToken)"/>
/// before anything in the folder is changed. The message names the folder and, when it left its details in
/// <c>experiment.lock.json</c>, the holder's process id, host, start time and command line.
/// </summary>
public sealed class ExperimentLockedException : Exception
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ExperimentLockedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public ExperimentLockedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="folder"/>, held by the process <paramref name="holderPid"/>
    /// (null when unknown).</summary>
    public ExperimentLockedException(string message, string folder, int? holderPid, Exception? innerException = null)
        : base(message, innerException)
    {
        Folder = folder;
        HolderPid = holderPid;
    }

    /// <summary>The experiment folder; null when not known.</summary>
    public string? Folder { get; }

    /// <summary>Process id of the run holding the lock; null when it left no readable details.</summary>
    public int? HolderPid { get; }
}
