namespace NasSharp.Strategies.Darts;

using TorchSharp;
using TorchSharp.Modules;
using NasSharp.Runtime;
using static TorchSharp.torch;

/// <summary>
/// α's gradient in DARTS's bilevel search (quark0/darts <c>cnn/architect.py</c>). First order: ∇α L_val(ω, α).
/// Second order (unrolled): ∇α L_val(ω', α) − ξ·(∇α L_train(ω⁺, α) − ∇α L_train(ω⁻, α)) / 2ε, where
/// ω' = ω − ξ(momentum·buffer + ∇ω L_train(ω, α) + wd·ω) is one virtual SGD step at the current learning rate ξ, and
/// ω± = ω ± ε∇ω' L_val(ω', α) with ε = 0.01 / ‖∇ω' L_val‖ (the finite-difference Hessian-vector product). The virtual
/// step is taken in place and undone exactly (the weights are copied back), instead of building a second model.
/// The gradient is left in each α's <c>.grad</c>; the caller steps the architecture optimiser.
/// </summary>
public sealed class DartsArchitect
{
    private readonly Parameter[] _weights;
    private readonly Parameter[] _alphas;
    private readonly Func<Tensor, Tensor, Tensor> _loss;
    private readonly double _momentum;
    private readonly double _weightDecay;

    /// <summary>Creates the architect.</summary>
    /// <param name="weights">ω (the network weights).</param>
    /// <param name="alphas">α (the architecture parameters).</param>
    /// <param name="loss">The model's loss on a batch (<c>model._loss</c>).</param>
    /// <param name="momentum">ω's SGD momentum (for the virtual step). DARTS: 0.9.</param>
    /// <param name="weightDecay">ω's weight decay (for the virtual step). DARTS: 3e-4.</param>
    public DartsArchitect(IEnumerable<Parameter> weights, IEnumerable<Parameter> alphas, Func<Tensor, Tensor, Tensor> loss, double momentum, double weightDecay)
    {
        _weights = weights.ToArray();
        _alphas = alphas.ToArray();
        _loss = loss;
        _momentum = momentum;
        _weightDecay = weightDecay;
    }

    /// <summary>First order: α.grad = ∇α L_val(ω, α). ω's gradients are not computed: ω is frozen for the pass
    /// (<see cref="FrozenParameters"/>), so no graph is built for them.</summary>
    /// <returns>The validation loss.</returns>
    public double FirstOrder(Tensor xValid, Tensor yValid)
    {
        using var scope = NewDisposeScope();
        using var frozen = new FrozenParameters(_weights);
        var loss = _loss(xValid, yValid);
        var grads = autograd.grad([loss], _alphas);
        SetAlphaGradients(grads);
        return loss.ToDouble();
    }

    /// <summary>Second order (unrolled), as <c>Architect._backward_step_unrolled</c>.</summary>
    /// <param name="xTrain">The training batch of this step.</param>
    /// <param name="yTrain">Its labels.</param>
    /// <param name="xValid">The validation batch.</param>
    /// <param name="yValid">Its labels.</param>
    /// <param name="eta">ξ: ω's current learning rate.</param>
    /// <param name="momentumBuffers">ω's SGD momentum buffers in <c>weights</c> order (null entries or list: none yet).</param>
    /// <returns>The validation loss at ω'.</returns>
    public double Unrolled(Tensor xTrain, Tensor yTrain, Tensor xValid, Tensor yValid, double eta, IReadOnlyList<Tensor?>? momentumBuffers)
    {
        using var scope = NewDisposeScope();
        Tensor[] backup;
        using (no_grad()) backup = _weights.Select(w => w.detach().clone()).ToArray();
        try
        {
            // ω' = ω − ξ(moment + ∇ω L_train + wd·ω)
            Tensor[] trainGrads;
            using (new FrozenParameters(_alphas)) trainGrads = autograd.grad([_loss(xTrain, yTrain)], _weights).ToArray();
            using (no_grad())
            {
                for (var i = 0; i < _weights.Length; i++)
                {
                    var step = trainGrads[i].add(backup[i], alpha: _weightDecay);
                    if (momentumBuffers is not null && i < momentumBuffers.Count && momentumBuffers[i] is { } buffer)
                        step = step.add(buffer, alpha: _momentum);
                    _weights[i].sub_(step.mul(eta));
                }
            }
            var validLoss = _loss(xValid, yValid);
            var grads = autograd.grad([validLoss], _alphas.Concat(_weights).ToArray());
            var dAlpha = grads.Take(_alphas.Length).ToArray();
            var vector = grads.Skip(_alphas.Length).ToArray();
            var lossValue = validLoss.ToDouble();
            // Hessian-vector product: R = 0.01 / ‖v‖; (∇α L_train(ω + Rv) − ∇α L_train(ω − Rv)) / 2R, around the original ω.
            var norm = Math.Sqrt(vector.Sum(v => v.pow(2).sum().ToDouble()));
            var r = 0.01 / Math.Max(norm, 1e-12);
            var plus = AlphaGradAt(backup, vector, r, xTrain, yTrain);
            var minus = AlphaGradAt(backup, vector, -r, xTrain, yTrain);
            var result = new Tensor[_alphas.Length];
            for (var i = 0; i < _alphas.Length; i++) result[i] = dAlpha[i].sub(plus[i].sub(minus[i]).mul(eta / (2 * r)));
            SetAlphaGradients(result);
            return lossValue;
        }
        finally
        {
            Restore(backup);
        }
    }

    private Tensor[] AlphaGradAt(Tensor[] origin, Tensor[] direction, double r, Tensor x, Tensor y)
    {
        using (no_grad())
            for (var i = 0; i < _weights.Length; i++) _weights[i].copy_(origin[i].add(direction[i], alpha: r));
        using var frozen = new FrozenParameters(_weights);
        return autograd.grad([_loss(x, y)], _alphas).ToArray();
    }

    private void Restore(Tensor[] backup)
    {
        using var noGrad = no_grad();
        for (var i = 0; i < _weights.Length; i++) _weights[i].copy_(backup[i]);
    }

    // α.grad = g, whatever α.grad held (or whether it existed): the gradient of Σ α·g is g.
    private void SetAlphaGradients(IList<Tensor> grads)
    {
        for (var i = 0; i < _alphas.Length; i++)
        {
            if (_alphas[i].grad is { } old) old.zero_();
            using var surrogate = _alphas[i].mul(grads[i].detach()).sum();
            surrogate.backward();
        }
    }

    /// <summary>The momentum buffers of a TorchSharp SGD optimiser over <paramref name="weights"/>, in that order (null
    /// before its first step).</summary>
    public static IReadOnlyList<Tensor?>? MomentumBuffers(optim.Optimizer sgd, IReadOnlyList<Parameter> weights)
    {
        if (sgd is not OptimizerHelper helper) return null;
        var states = helper.state_dict().State;
        if (states.Count != weights.Count) return null;
        var buffers = new Tensor?[weights.Count];
        for (var i = 0; i < states.Count; i++)
        {
            var buffer = (states[i] as SGD.State)?.momentum_buffer;
            buffers[i] = buffer is not null && buffer.shape.SequenceEqual(weights[i].shape) ? buffer : null;
        }
        return buffers;
    }
}
