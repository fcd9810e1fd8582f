namespace NasSharp.Runtime;

/// <summary>What <see cref="OneDnnSelfCheck.Run"/> found.</summary>
/// <param name="Agrees">Whether oneDNN's conv gradients were finite and matched the reference kernels' in every pass.</param>
/// <param name="Detail">The first disagreement (conv shape, pass, which gradient, how far off), or a summary.</param>
/// <param name="Milliseconds">Wall time of the check.</param>
internal sealed record OneDnnCheckResult(bool Agrees, string Detail, double Milliseconds);
