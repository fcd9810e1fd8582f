namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Max pooling (PyTorch's <c>nn.MaxPool2d(kernel, stride, padding)</c>, no parameters) that runs libtorch's
/// channels-last kernel on the CPU: the input is copied to channels-last strides, pooled, and the output copied back to
/// the usual contiguous layout. libtorch 2.10's contiguous (NCHW) max-pool kernel is scalar per image plane; the
/// channels-last one is vectorised over channels and scans each window in the same order with the same comparison, so
/// the output and the gradient (which input of a window gets it, ties included) are bit-identical, and the gradient is
/// handed back in the contiguous layout, so the kernels before the pool run as they would after the plain kernel and
/// whole training runs are unchanged. Where autograd records, <see cref="ChannelsLastMaxPool"/> keeps only the input for
/// the backward and pools it again there, instead of autograd's channels-last copy and int64 indices (three times a
/// stride-1 pool's output). Measured with
/// <c>bench/maxpool.cs</c> (2 threads, fwd+bwd, both copies included): 96x32x28x28 stride 2 53.6 → 8.7 ms, 96x16x32x32
/// 20.0 → 9.5 ms, 160x40x16x16 20.8 → 6.3 ms; slower only at batch 1 (0.11 → 0.16 ms), so small inputs (under
/// <see cref="ChannelsLastMinElements"/> elements) take the plain kernel.
/// An input already in channels-last strides with no gradient recorded (an evaluation pass under
/// <c>Networks.InferenceLayout</c>) is pooled as it is and the output left channels-last.
/// </summary>
public sealed class MaxPool : nn.Module<Tensor, Tensor>, ISharedInputOp
{
    /// <summary>Inputs with fewer elements than this are pooled on the plain kernel (the copies would cost more).</summary>
    public const long ChannelsLastMinElements = 32768;

    private readonly long _kernel;
    private readonly long _stride;
    private readonly long _padding;

    /// <summary>Creates the pool.</summary>
    /// <param name="kernel">Square window size.</param>
    /// <param name="stride">Stride. Default 1.</param>
    /// <param name="padding">Implicit −∞ padding on each side. Default 0.</param>
    public MaxPool(long kernel, long stride = 1, long padding = 0) : base(nameof(MaxPool))
    {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel)
            throw new ArgumentException($"MaxPool needs kernel, stride ≥ 1 and 0 ≤ padding ≤ kernel/2; got {kernel}, {stride}, {padding}.");
        (_kernel, _stride, _padding) = (kernel, stride, padding);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4 || x.device_type != DeviceType.CPU || x.numel() < ChannelsLastMinElements || ChannelsLastCopy.IsChannelsLast(x) && !(is_grad_enabled() && x.requires_grad))
            return nn.functional.max_pool2d(x, _kernel, _stride, _padding); // an input already channels-last stays so (no-grad passes: InferenceLayout)
        return ChannelsLastMaxPool.Apply(x, _kernel, _stride, _padding);
    }

    /// <inheritdoc />
    public string SharedKey => SharedKeys.MaxPool(_kernel, _stride, _padding);

    /// <inheritdoc />
    public Tensor Shared(Tensor x) => forward(x);

    /// <inheritdoc />
    public Tensor ForwardFromShared(Tensor shared) => shared.alias();
}
