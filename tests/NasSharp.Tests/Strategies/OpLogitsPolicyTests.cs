namespace NasSharp.Tests.Strategies;

using NasSharp.Strategies.Reinforce;

/// <summary>The REINFORCE policy's arithmetic against hand-computed values: softmax, the log-probability gradient with
/// a baseline, Adam, and the bias-corrected moving average.</summary>
public sealed class OpLogitsPolicyTests
{
    [Fact]
    public void ExponentialMovingAverage_TwoValues_IsBiasCorrected()
    {
        var ema = new ExponentialMovingAverage(0.9).Update(0.8);
        Assert.Equal(0.8, ema.Value, 15); // 0.08 / 0.1
        ema = ema.Update(0.6);
        Assert.Equal((0.9 * 0.08 + 0.1 * 0.6) / (0.9 * 0.1 + 0.1), ema.Value, 15); // 0.132 / 0.19
        Assert.Throws<InvalidOperationException>(() => new ExponentialMovingAverage(0.9).Value);
    }

    [Fact]
    public void Update_TwoOpToy_MatchesHandComputedSoftmaxGradientAndAdam()
    {
        // One edge, two ops, logits 0: π = (½, ½). lr 0.01, EMA momentum 0.9; the baseline is updated before the advantage.
        var policy = new OpLogitsPolicy(edges: 1, ops: 2, learningRate: 0.01);
        var ema = new ExponentialMovingAverage(0.9);

        // Step 1: op 0, reward 0.8 → baseline 0.8, advantage 0: gradient 0, Adam step with m = v = 0 leaves the logits.
        ema = ema.Update(0.8);
        Assert.Equal(new[] { 0.0, 0.0 }, policy.Gradient([0], 0.8 - ema.Value)[0]);
        policy.Update([0], 0.8 - ema.Value);
        Assert.Equal((1, 0.0, 0.0), (policy.Step, policy.Logits(0)[0], policy.Logits(0)[1]));

        // Step 2: op 1, reward 0.6 → baseline 0.132/0.19, A = 0.6 − 0.694736… = −0.0947368…
        ema = ema.Update(0.6);
        var a = 0.6 - 0.132 / 0.19;
        // ∂(−A·log π₁)/∂θₖ = −A·(1[k=1] − πₖ): θ₀ gets −A·(0 − ½) = A/2 = −0.0473684…, θ₁ gets −A·(1 − ½) = −A/2.
        var g = policy.Gradient([1], a)[0];
        Assert.Equal(a / 2, g[0], 15);
        Assert.Equal(-a / 2, g[1], 15);
        policy.Update([1], a);
        // Adam at t = 2 from m = v = 0: m = 0.1g, v = 0.001g², θ −= lr/(1−0.9²)·m/(√v/√(1−0.999²) + ε)
        //   ≈ −0.01·(0.1/0.19)·√(0.001999/0.001)·sign(g) = ±0.0074413682 (ε shifts it by 2e-9).
        Assert.Equal(0.01 * (0.1 / 0.19) * Math.Sqrt(1.999), policy.Logits(0)[0], 8);
        Assert.Equal(0.007441366014559372, policy.Logits(0)[0], 15);
        Assert.Equal(-0.007441366014559372, policy.Logits(0)[1], 15);

        // Step 3: op 0, reward 0.9; π₀ = σ(2·0.0074413660) = 0.50372061…; values from an independent Python check.
        ema = ema.Update(0.9);
        Assert.Equal(0.7704797047970482, ema.Value, 15);
        Assert.Equal(0.5037206143325229, policy.Probabilities(0)[0], 15);
        policy.Update([0], 0.9 - ema.Value);
        Assert.Equal(0.015996214868214134, policy.Logits(0)[0], 14);
        Assert.Equal(-0.015996214868214134, policy.Logits(0)[1], 14);
        Assert.Equal(3, policy.Step);
    }

    [Fact]
    public void Entropy_UniformAndLogProbability_AreTheClosedForms()
    {
        var policy = new OpLogitsPolicy(6, 5, 0.01);
        Assert.Equal(6 * Math.Log(5), policy.Entropy(), 12);
        Assert.Equal(6 * Math.Log(0.2), policy.LogProbability([0, 1, 2, 3, 4, 0]), 12);
    }

    [Fact]
    public void Sample_ManyDraws_FollowsTheProbabilities()
    {
        var policy = new OpLogitsPolicy(1, 2, 0.01);
        for (var i = 0; i < 200; i++) policy.Update([1], 1.0); // push op 1 up
        var p1 = policy.Probabilities(0)[1];
        Assert.True(p1 > 0.8, $"p1 = {p1}");
        var random = new Random(5);
        var ones = Enumerable.Range(0, 4000).Count(_ => policy.Sample(random)[0] == 1) / 4000.0;
        Assert.InRange(ones, p1 - 0.03, p1 + 0.03);
    }

    [Fact]
    public void ToState_RoundTrip_SameLogitsMomentsAndStep()
    {
        var policy = new OpLogitsPolicy(6, 5, 0.01, initScale: 1e-3, new Random(2));
        policy.Update([0, 1, 2, 3, 4, 0], 0.3);
        var copy = new OpLogitsPolicy(0.01, policy.ToState());
        copy.Update([1, 1, 1, 1, 1, 1], -0.2);
        policy.Update([1, 1, 1, 1, 1, 1], -0.2);
        Assert.Equivalent(policy.ToState(), copy.ToState(), strict: true);
        Assert.Throws<ArgumentException>(() => new OpLogitsPolicy(0.01, new PolicyState([[0.0, 0.0]], [[0.0]], [[0.0, 0.0]], 0)));
    }
}
