namespace NasSharp.Strategies.Reinforce;

using System.Globalization;

/// <summary>
/// REINFORCE's options. Defaults are the NAS-Bench-201 reference settings of AutoDL-Projects
/// <c>exps/NATS-algos/reinforce.py</c>. The budget, the number of trials (queries), is the experiment's
/// <see cref="Experiments.ExperimentConfig.Trials"/>, as for random search. Adam's other constants are PyTorch's
/// defaults, which the reference leaves as they are (<see cref="OpLogitsPolicy.Beta1"/>, <see cref="OpLogitsPolicy.Beta2"/>,
/// <see cref="OpLogitsPolicy.Epsilon"/>).
/// </summary>
public sealed record ReinforceOptions
{
    /// <summary>Adam learning rate of the op logits. Default 0.01 (<c>reinforce.py</c>, its usage lines:
    /// <c>--learning_rate 0.01</c>).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Momentum of the exponential-moving-average reward baseline (bias-corrected: numerator and denominator
    /// both decay, so the first baseline is the first reward). Default 0.9 (<c>reinforce.py</c>,
    /// <c>--EMA_momentum</c> default 0.9, class <c>ExponentialMovingAverage</c>).</summary>
    public double EmaMomentum { get; init; } = 0.9;

    /// <summary>Standard deviation of the initial logits (drawn from the stream <c>policy/init</c>; 0: all zeros).
    /// Default 1e-3 (<c>reinforce.py</c>, <c>PolicyTopology</c>: <c>1e-3 * torch.randn(6, 5)</c>).</summary>
    public double InitScale { get; init; } = 1e-3;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), "above 0", LearningRate);
        Require(EmaMomentum is >= 0 and < 1, nameof(EmaMomentum), "in [0, 1)", EmaMomentum);
        Require(InitScale >= 0 && double.IsFinite(InitScale), nameof(InitScale), "0 or more", InitScale);
    }

    private static void Require(bool ok, string name, string expected, double value)
    {
        if (!ok)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"reinforce option {name} must be {expected}, got {value}."));
    }
}
