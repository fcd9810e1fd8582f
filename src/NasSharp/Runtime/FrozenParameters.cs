namespace NasSharp.Runtime;

using TorchSharp.Modules;

/// <summary>
/// Turns <c>requires_grad</c> off on a set of parameters for the life of the scope and back on when it is disposed
/// (only on those that had it on). A pass that differentiates with respect to some parameters only (DARTS's α step:
/// the gradient w.r.t. α; its ω step: w.r.t. ω) then builds no graph for the others: libtorch's own kernels would skip
/// those gradients anyway, but a custom autograd function such as <see cref="Ops.DepthwiseConv2d"/>'s cannot tell
/// which of its inputs' gradients a given backward needs, and computes every one that requires grad. Measured on the
/// DARTS supernet's α step (batch 16): backward 1.4 s with ω requiring grad, 0.77 s frozen; the gradient w.r.t. α is
/// the same either way.
/// </summary>
public sealed class FrozenParameters : IDisposable
{
    private readonly Parameter[] _frozen;

    /// <summary>Freezes every parameter of <paramref name="parameters"/> that requires grad now.</summary>
    public FrozenParameters(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _frozen = parameters.Where(p => p.requires_grad).ToArray();
        foreach (var p in _frozen) p.requires_grad = false;
    }

    /// <summary>Turns <c>requires_grad</c> back on for the parameters this scope froze.</summary>
    public void Dispose()
    {
        foreach (var p in _frozen) p.requires_grad = true;
    }
}
