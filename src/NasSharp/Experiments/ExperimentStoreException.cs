namespace NasSharp.Experiments;

/// <summary>
/// An experiment store could not be created, opened or used: the file is missing, is not a SQLite database, is not a
/// NasSharp store, was written by a newer NasSharp, is damaged, or a call broke a store rule (e.g. a duplicate trial
/// key). The message always names the file.
/// </summary>
public sealed class ExperimentStoreException : Exception
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ExperimentStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the <paramref name="innerException"/> that caused it.</summary>
    public ExperimentStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> about the store file <paramref name="path"/>.</summary>
    public ExperimentStoreException(string message, string? path, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = path;
    }

    /// <summary>The store file the error is about; <c>null</c> when not known.</summary>
    public string? FilePath { get; }
}
