namespace NasSharp.Data.Text;

/// <summary>One BPTT window of a <see cref="TokenStream"/>: inputs are columns <c>Start..Start+Length-1</c>, targets the
/// columns one to the right.</summary>
/// <param name="Start">First input column.</param>
/// <param name="Length">Window length (time steps).</param>
public readonly record struct TokenWindow(long Start, int Length);
