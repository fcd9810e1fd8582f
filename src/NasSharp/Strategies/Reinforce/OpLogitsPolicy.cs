namespace NasSharp.Strategies.Reinforce;

/// <summary>
/// The policy of AutoDL-Projects <c>exps/NATS-algos/reinforce.py</c> (<c>PolicyTopology</c>): a table of logits, one row
/// per edge, one column per op; each edge's op is drawn independently from the softmax of its row. Trained by REINFORCE:
/// loss <c>−(r − b)·Σₑ log πₑ(aₑ)</c>, whose gradient with respect to logit (e, k) is <c>−(r − b)·(1[k = aₑ] − πₑ(k))</c>,
/// followed by one Adam step. Plain double-precision C#, so it is fast and exactly reproducible.
/// </summary>
/// <remarks>Adam as PyTorch's <c>torch.optim.Adam</c> (no weight decay, no amsgrad): <c>m ← β₁m + (1 − β₁)g</c>,
/// <c>v ← β₂v + (1 − β₂)g²</c>, <c>θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)</c>.</remarks>
public sealed class OpLogitsPolicy
{
    /// <summary>Adam β₁: 0.9 (PyTorch's default, which <c>reinforce.py</c> keeps).</summary>
    public const double Beta1 = 0.9;

    /// <summary>Adam β₂: 0.999 (PyTorch's default, which <c>reinforce.py</c> keeps).</summary>
    public const double Beta2 = 0.999;

    /// <summary>Adam ε: 1e-8 (PyTorch's default, which <c>reinforce.py</c> keeps).</summary>
    public const double Epsilon = 1e-8;

    private readonly double[][] _logits;
    private readonly double[][] _m;
    private readonly double[][] _v;

    /// <summary>Creates a policy over <paramref name="edges"/> edges of <paramref name="ops"/> ops each, with logits
    /// drawn from <c>N(0, initScale²)</c> using <paramref name="random"/> (Box–Muller, edge-major; 0: all zeros, and
    /// <paramref name="random"/> is not used).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 edge or 2 ops, a learning rate not above 0, or a
    /// negative scale.</exception>
    public OpLogitsPolicy(int edges, int ops, double learningRate, double initScale = 0, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(edges, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ops, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(initScale);
        LearningRate = learningRate;
        _logits = Table(edges, ops);
        _m = Table(edges, ops);
        _v = Table(edges, ops);
        if (initScale > 0)
        {
            ArgumentNullException.ThrowIfNull(random);
            foreach (var row in _logits)
                for (var k = 0; k < ops; k++)
                    row[k] = initScale * StandardNormal(random);
        }
    }

    /// <summary>Restores a policy from <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">The state's arrays are ragged or of different shapes.</exception>
    public OpLogitsPolicy(double learningRate, PolicyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        var edges = state.Logits.Length;
        var ops = edges > 0 ? state.Logits[0].Length : 0;
        if (edges < 1 || ops < 2 || new[] { state.Logits, state.FirstMoment, state.SecondMoment }
                .Any(t => t.Length != edges || t.Any(r => r.Length != ops)))
            throw new ArgumentException("The policy state's logits and Adam moments must all be edges × ops tables (at least 1 × 2).", nameof(state));
        LearningRate = learningRate;
        _logits = Copy(state.Logits);
        _m = Copy(state.FirstMoment);
        _v = Copy(state.SecondMoment);
        Step = state.Step;
    }

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Number of edges (rows).</summary>
    public int Edges => _logits.Length;

    /// <summary>Number of ops per edge (columns).</summary>
    public int Ops => _logits[0].Length;

    /// <summary>Adam steps taken.</summary>
    public int Step { get; private set; }

    /// <summary>The logits of <paramref name="edge"/> (a copy).</summary>
    public double[] Logits(int edge) => (double[])_logits[edge].Clone();

    /// <summary>The op probabilities of <paramref name="edge"/>: the softmax of its logits (max subtracted first).</summary>
    public double[] Probabilities(int edge)
    {
        var row = _logits[edge];
        var max = row.Max();
        var p = row.Select(l => Math.Exp(l - max)).ToArray();
        var sum = p.Sum();
        for (var k = 0; k < p.Length; k++) p[k] /= sum;
        return p;
    }

    /// <summary>Draws one op per edge: one <c>NextDouble()</c> per edge, in edge order, inverted through the
    /// cumulative probabilities.</summary>
    public int[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var actions = new int[Edges];
        for (var e = 0; e < Edges; e++)
        {
            var p = Probabilities(e);
            var u = random.NextDouble();
            var k = 0;
            for (var cumulative = p[0]; k < p.Length - 1 && u >= cumulative; cumulative += p[++k]) { }
            actions[e] = k;
        }
        return actions;
    }

    /// <summary><c>Σₑ log πₑ(aₑ)</c>, the log-probability of a whole cell.</summary>
    public double LogProbability(IReadOnlyList<int> actions)
    {
        CheckActions(actions);
        return Enumerable.Range(0, Edges).Sum(e => Math.Log(Probabilities(e)[actions[e]]));
    }

    /// <summary>The entropy of the whole policy in nats: the sum of the edges' entropies (edges are independent);
    /// at most <c>Edges·ln(Ops)</c>.</summary>
    public double Entropy() =>
        Enumerable.Range(0, Edges).Sum(e => -Probabilities(e).Where(p => p > 0).Sum(p => p * Math.Log(p)));

    /// <summary>The gradient of the loss <c>−advantage·log π(actions)</c> with respect to the logits:
    /// <c>−advantage·(1[k = aₑ] − πₑ(k))</c>.</summary>
    public double[][] Gradient(IReadOnlyList<int> actions, double advantage)
    {
        CheckActions(actions);
        var g = Table(Edges, Ops);
        for (var e = 0; e < Edges; e++)
        {
            var p = Probabilities(e);
            for (var k = 0; k < Ops; k++) g[e][k] = -advantage * ((k == actions[e] ? 1 : 0) - p[k]);
        }
        return g;
    }

    /// <summary>One Adam step on <paramref name="gradient"/> (see the remarks for the formula).</summary>
    /// <exception cref="ArgumentException">The gradient is not an <see cref="Edges"/> × <see cref="Ops"/> table.</exception>
    public void AdamStep(double[][] gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.Length != Edges || gradient.Any(r => r.Length != Ops))
            throw new ArgumentException($"The gradient must be a {Edges} × {Ops} table.", nameof(gradient));
        Step++;
        var stepSize = LearningRate / (1 - Math.Pow(Beta1, Step));
        var correction2 = Math.Sqrt(1 - Math.Pow(Beta2, Step));
        for (var e = 0; e < Edges; e++)
            for (var k = 0; k < Ops; k++)
            {
                var g = gradient[e][k];
                _m[e][k] = Beta1 * _m[e][k] + (1 - Beta1) * g;
                _v[e][k] = Beta2 * _v[e][k] + (1 - Beta2) * g * g;
                _logits[e][k] -= stepSize * _m[e][k] / (Math.Sqrt(_v[e][k]) / correction2 + Epsilon);
            }
    }

    /// <summary>One REINFORCE update: <see cref="AdamStep"/> on <see cref="Gradient"/>.</summary>
    public void Update(IReadOnlyList<int> actions, double advantage) => AdamStep(Gradient(actions, advantage));

    /// <summary>The op of highest logit on each edge (ties to the lower op index), as the reference's <c>genotype()</c>.</summary>
    public int[] ArgMax() =>
        _logits.Select(row => Array.IndexOf(row, row.Max())).ToArray();

    /// <summary>A copy of everything the policy holds (the learning rate comes from the options).</summary>
    public PolicyState ToState() => new(Copy(_logits), Copy(_m), Copy(_v), Step);

    private void CheckActions(IReadOnlyList<int> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count != Edges || actions.Any(a => a < 0 || a >= Ops))
            throw new ArgumentException($"Expected one op index in 0..{Ops - 1} for each of {Edges} edges, got [{string.Join(", ", actions)}].", nameof(actions));
    }

    private static double StandardNormal(Random random)
    {
        var u1 = 1 - random.NextDouble(); // (0, 1]: the log is finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double[][] Table(int rows, int columns) => Enumerable.Range(0, rows).Select(_ => new double[columns]).ToArray();

    private static double[][] Copy(double[][] table) => table.Select(r => (double[])r.Clone()).ToArray();
}
