namespace NasSharp.SearchSpaces;

/// <summary>
/// Thrown when an architecture text, file or value is malformed or invalid. The message names the position that is
/// wrong (for example <c>normal edge 3</c>) and, where there is a fixed set of choices, lists the valid ones.
/// </summary>
public sealed class ArchitectureFormatException : FormatException
{
    /// <summary>Creates the exception from a complete message.</summary>
    /// <param name="message">The full message.</param>
    public ArchitectureFormatException(string message) : base(message) { }

    /// <summary>Creates the exception from a complete message and the error that caused it.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="innerException">The underlying error.</param>
    public ArchitectureFormatException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>
    /// Creates the exception for one position. The message reads
    /// <c>"{position}: {problem}; valid {choicesLabel}: a, b, c"</c> (the last part only when choices are given).
    /// </summary>
    /// <param name="position">Where the problem is, for example <c>normal edge 3</c>.</param>
    /// <param name="problem">What is wrong, for example <c>unknown op 'sep_conv_4x4'</c>.</param>
    /// <param name="choicesLabel">Noun for the choices, for example <c>ops</c>; default <c>choices</c>.</param>
    /// <param name="validChoices">The valid choices, or null (the default) when there is no fixed set.</param>
    public ArchitectureFormatException(string position, string problem, string? choicesLabel = null,
        IEnumerable<string>? validChoices = null)
        : this(Compose(position, problem, choicesLabel, validChoices?.ToArray()))
    {
        Position = position;
        ValidChoices = validChoices?.ToArray();
    }

    /// <summary>The position that is wrong, or null when the message was given whole.</summary>
    public string? Position { get; }

    /// <summary>The valid choices at <see cref="Position"/>, or null when there is no fixed set.</summary>
    public IReadOnlyList<string>? ValidChoices { get; }

    private static string Compose(string position, string problem, string? label, string[]? choices) =>
        choices is null
            ? $"{position}: {problem}"
            : $"{position}: {problem}; valid {label ?? "choices"}: {string.Join(", ", choices)}";
}
