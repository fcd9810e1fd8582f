namespace NasSharp.Strategies.Reinforce;

/// <summary>Everything an <see cref="OpLogitsPolicy"/> holds, as plain arrays (edge-major) for a JSON state.</summary>
/// <param name="Logits">The logits, one row per edge, one column per op.</param>
/// <param name="FirstMoment">Adam's first moment m, shaped as <paramref name="Logits"/>.</param>
/// <param name="SecondMoment">Adam's second moment v, shaped as <paramref name="Logits"/>.</param>
/// <param name="Step">Adam steps taken.</param>
public sealed record PolicyState(double[][] Logits, double[][] FirstMoment, double[][] SecondMoment, int Step);
