namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The shared steps of one cell forward (<see cref="ISharedInputOp"/>): <see cref="Call"/> runs an op on a state and
/// computes the op's shared step (its leading ReLU, a pool) only the first time an op with that key reads that state.
/// Make one per forward pass of a cell and dispose of it at the pass's end: it owns the shared outputs (outside any
/// dispose scope, so an op's own scope, as in <c>MixedOp</c>, does not free them for the next op; autograd keeps what
/// the backward needs). Ops that do not implement <see cref="ISharedInputOp"/> run as <c>op.call(x)</c>.
/// </summary>
public sealed class SharedInputWork : IDisposable
{
    private readonly Dictionary<Tensor, Dictionary<string, Tensor>> _byInput = new(ReferenceEqualityComparer.Instance);

    /// <summary>A cache that shares (true) or runs every op on its own (false, the reference code's way, for checks).</summary>
    public SharedInputWork(bool enabled = true) => Enabled = enabled;

    /// <summary>Whether shared steps are computed once; when false every op runs as <c>op.call(x)</c>.</summary>
    public bool Enabled { get; }

    /// <summary>How many shared steps were computed (for tests and profiling).</summary>
    public int Computed { get; private set; }

    /// <summary>How many op calls reused a shared step computed before.</summary>
    public int Reused { get; private set; }

    /// <summary><paramref name="op"/> applied to <paramref name="x"/>, its shared step computed once per (input
    /// tensor, key); the input is matched by reference, so pass the same tensor object for the same state.</summary>
    public Tensor Call(nn.Module<Tensor, Tensor> op, Tensor x)
    {
        if (!Enabled || op is not ISharedInputOp sharing) return op.call(x);
        if (!_byInput.TryGetValue(x, out var byKey)) _byInput[x] = byKey = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        if (byKey.TryGetValue(sharing.SharedKey, out var shared)) Reused++;
        else
        {
            byKey[sharing.SharedKey] = shared = sharing.Shared(x).DetachFromDisposeScope();
            Computed++;
        }
        return sharing.ForwardFromShared(shared);
    }

    /// <summary>Disposes of the shared outputs.</summary>
    public void Dispose()
    {
        foreach (var t in _byInput.Values.SelectMany(byKey => byKey.Values)) t.Dispose();
        _byInput.Clear();
    }
}
