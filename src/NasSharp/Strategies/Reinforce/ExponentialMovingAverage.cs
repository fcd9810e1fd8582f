namespace NasSharp.Strategies.Reinforce;

/// <summary>
/// The reward baseline of AutoDL-Projects <c>exps/NATS-algos/reinforce.py</c> (class <c>ExponentialMovingAverage</c>):
/// <c>n ← μ·n + (1 − μ)·x</c>, <c>d ← μ·d + (1 − μ)</c>, value <c>n / d</c> (a bias-corrected moving average: the first
/// value is the first reward).
/// </summary>
/// <param name="Momentum">μ, in [0, 1).</param>
/// <param name="Numerator">n; 0 before the first update.</param>
/// <param name="Denominator">d; 0 before the first update.</param>
public sealed record ExponentialMovingAverage(double Momentum, double Numerator = 0, double Denominator = 0)
{
    /// <summary>Whether it has seen a value.</summary>
    public bool HasValue => Denominator > 0;

    /// <summary>The average, <c>n / d</c>.</summary>
    /// <exception cref="InvalidOperationException">No value was added yet.</exception>
    public double Value => HasValue ? Numerator / Denominator : throw new InvalidOperationException("The moving average has no value yet.");

    /// <summary>The average after adding <paramref name="value"/>.</summary>
    public ExponentialMovingAverage Update(double value) =>
        this with { Numerator = Momentum * Numerator + (1 - Momentum) * value, Denominator = Momentum * Denominator + (1 - Momentum) };
}
