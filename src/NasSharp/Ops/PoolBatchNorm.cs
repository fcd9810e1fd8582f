namespace NasSharp.Ops;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// A pool followed by a non-affine BatchNorm: DARTS <c>cnn/model_search.py</c> <c>MixedOp</c> appends
/// <c>nn.BatchNorm2d(C, affine=False)</c> to its pooling candidates during the search. Its submodules are named
/// <c>pool</c> and <c>bn</c> (as the <c>nn.Sequential</c> it replaces named them, so checkpoints load unchanged); the
/// pool is the shared step (<see cref="ISharedInputOp"/>), the BatchNorm, with its own running statistics, is not.
/// </summary>
public sealed class PoolBatchNorm : nn.Module<Tensor, Tensor>, ISharedInputOp
{
    private readonly nn.Module<Tensor, Tensor> pool;
    private readonly BatchNorm2d bn;

    /// <summary>Wraps <paramref name="pool"/> (a <see cref="MaxPool"/> or <see cref="AvgPool"/>) with a BatchNorm of
    /// <paramref name="channels"/> channels, not affine.</summary>
    /// <exception cref="ArgumentException"><paramref name="pool"/> is not an <see cref="ISharedInputOp"/>.</exception>
    public PoolBatchNorm(nn.Module<Tensor, Tensor> pool, int channels) : base(nameof(PoolBatchNorm))
    {
        if (pool is not ISharedInputOp) throw new ArgumentException($"PoolBatchNorm needs a pool that shares its work (MaxPool, AvgPool), got {pool.GetType().Name}.", nameof(pool));
        this.pool = pool;
        bn = nn.BatchNorm2d(channels, affine: false);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var pooled = pool.call(x);
        return bn.call(pooled);
    }

    /// <inheritdoc />
    public string SharedKey => ((ISharedInputOp)pool).SharedKey;

    /// <inheritdoc />
    public Tensor Shared(Tensor x) => pool.call(x);

    /// <inheritdoc />
    public Tensor ForwardFromShared(Tensor shared) => bn.call(shared);
}
