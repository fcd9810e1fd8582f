namespace NasSharp.Ops;

using static TorchSharp.torch;

/// <summary>
/// An op whose first step depends on nothing but its input and a few fixed settings: the ReLU DARTS's conv ops start
/// with, a parameter-free pool. When several ops of a cell read the same state (the DARTS supernet runs four conv ops
/// and two pools on every edge, and a state feeds up to five edges), ops with equal <see cref="SharedKey"/>s compute
/// that step once (<see cref="SharedInputWork"/>); the reference code computes it once per op. The forward values are
/// the same (the same kernel on the same tensor); the gradients reaching the input are summed before the shared step's
/// backward instead of after it, which changes float rounding only.
/// </summary>
public interface ISharedInputOp
{
    /// <summary>Names the shared step with everything it depends on besides the input (<c>relu</c>,
    /// <c>max_pool(3,2,1)</c>): ops on the same input with equal keys compute equal shared steps.</summary>
    string SharedKey { get; }

    /// <summary>The shared step on <paramref name="x"/>.</summary>
    Tensor Shared(Tensor x);

    /// <summary>The rest of the op from the shared step's output (which it must not dispose or modify):
    /// <c>forward(x)</c> equals <c>ForwardFromShared(Shared(x))</c>.</summary>
    Tensor ForwardFromShared(Tensor shared);
}
