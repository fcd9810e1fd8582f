namespace NasSharp.Strategies.Darts;

using TorchSharp;
using TorchSharp.Modules;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.Training;
using static TorchSharp.torch;

/// <summary>
/// DARTS's alternating update of one supernet (<c>train_search.py</c> <c>train()</c>): on every step, α first, by Adam on
/// the gradient <see cref="DartsArchitect"/> computes from a validation batch (first or second order), then ω, by SGD
/// on a training batch with gradient clipping. Each optimiser holds only its own parameters: α never moves in the ω
/// step, nor ω in the α step.
/// </summary>
public sealed class BilevelOptimizer : IDisposable
{
    private readonly DifferentiableSupernet _supernet;
    private readonly Parameter[] _weights;
    private readonly DartsArchitect _architect;
    private readonly DartsOptions _options;
    private readonly GradientBuffers _gradients;

    /// <summary>Creates both optimisers over <paramref name="supernet"/> (already on its device) with <paramref name="options"/>'
    /// learning rates, momentum, weight decays and betas.</summary>
    public BilevelOptimizer(DifferentiableSupernet supernet, DartsOptions options)
    {
        _supernet = supernet ?? throw new ArgumentNullException(nameof(supernet));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _weights = supernet.WeightParameters.ToArray();
        WeightOptimizer = optim.SGD(_weights, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay);
        ArchitectureOptimizer = optim.Adam(supernet.ArchitectureParameters, options.ArchLearningRate, beta1: options.ArchBeta1, beta2: options.ArchBeta2,
            weight_decay: options.ArchWeightDecay);
        _architect = new DartsArchitect(_weights, supernet.ArchitectureParameters, (x, y) => nn.functional.cross_entropy(supernet.call(x), y),
            options.Momentum, options.WeightDecay);
        _gradients = GradientBuffers.Allocate(_weights); // ω's, before the first forward: see GradientBuffers
    }

    /// <summary>SGD over ω.</summary>
    public optim.Optimizer WeightOptimizer { get; }

    /// <summary>Adam over α.</summary>
    public optim.Optimizer ArchitectureOptimizer { get; }

    /// <summary>Sets ω's learning rate (DARTS: cosine per epoch).</summary>
    public double LearningRate
    {
        get => WeightOptimizer.ParamGroups.First().LearningRate;
        set
        {
            foreach (var g in WeightOptimizer.ParamGroups) g.LearningRate = value;
        }
    }

    /// <summary>One α step on (<paramref name="xValid"/>, <paramref name="yValid"/>), then one ω step on
    /// (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <returns>ω's training loss, its logits (for accuracy), ω's gradient norm before clipping, and the validation loss of
    /// the α step.</returns>
    public (double Loss, Tensor Logits, double GradNorm, double ArchLoss) Step(Tensor x, Tensor y, Tensor xValid, Tensor yValid)
    {
        ArchitectureOptimizer.zero_grad();
        var archLoss = _options.Unrolled
            ? _architect.Unrolled(x, y, xValid, yValid, LearningRate, DartsArchitect.MomentumBuffers(WeightOptimizer, _weights))
            : _architect.FirstOrder(xValid, yValid);
        ArchitectureOptimizer.step();

        _gradients.ZeroGrad(WeightOptimizer);
        Tensor logits, loss;
        // α is frozen for the ω step: its gradient there would be thrown away (the α step zeroes it first).
        using (new FrozenParameters(_supernet.ArchitectureParameters))
        {
            logits = _supernet.call(x);
            loss = nn.functional.cross_entropy(logits, y);
            loss.backward();
        }
        _gradients.AfterBackward();
        var norm = nn.utils.clip_grad_norm_(_weights, _options.GradClip);
        var value = loss.item<float>();
        // A non-finite loss or gradient is left to the caller to report; the weights are not touched then.
        if (double.IsFinite(value) && double.IsFinite(norm)) WeightOptimizer.step();
        return (value, logits, norm, archLoss);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        WeightOptimizer.Dispose();
        ArchitectureOptimizer.Dispose();
        _gradients.Dispose();
    }
}
