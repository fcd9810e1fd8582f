namespace NasSharp.Data;

/// <summary>A dataset file or folder is missing, malformed or inconsistent. The message names the file or folder
/// and says what was expected.</summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception with no message (prefer the overloads that name the file).</summary>
    public DataFormatException() : base("The dataset is malformed.")
    {
    }

    /// <summary>Creates the exception with a message that names the file or folder.</summary>
    /// <param name="message">Names the file or folder and says what was expected.</param>
    public DataFormatException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">Names the file or folder and says what was expected.</param>
    /// <param name="innerException">The underlying I/O or decoding error.</param>
    public DataFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    /// <param name="path">The file or folder at fault; included in the message.</param>
    /// <param name="problem">What is wrong, e.g. "expected 7840 bytes of pixels, got 100".</param>
    /// <param name="innerException">The underlying error, if any (default none).</param>
    public DataFormatException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
    }

    /// <summary>The file or folder at fault, when known; <c>null</c> otherwise.</summary>
    public string? Path { get; }
}
