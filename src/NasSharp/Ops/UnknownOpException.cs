namespace NasSharp.Ops;

/// <summary>Thrown when an op name is not in the <see cref="OpRegistry"/>; the message lists the valid names.</summary>
public sealed class UnknownOpException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="name"/>.</summary>
    public UnknownOpException(string name, IEnumerable<string> valid)
        : base($"Unknown op '{name}'. Valid ops: {string.Join(", ", valid)}.") => OpName = name;

    /// <summary>The name that was asked for.</summary>
    public string OpName { get; }
}
