namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Average pooling (PyTorch's <c>nn.AvgPool2d(kernel, stride, padding, count_include_pad)</c>, no parameters) on
/// libtorch's channels-last kernel on the CPU, as <see cref="MaxPool"/> does: the input is copied to channels-last
/// strides, pooled, and the output copied back to the contiguous layout; the gradient goes the same way and comes back
/// contiguous (<see cref="ChannelsLastAvgPool"/>, which keeps nothing but the input's shape for the backward). libtorch 2.10's contiguous avg-pool kernel is scalar per image
/// plane; the channels-last one is vectorised over channels and adds each window in the same order, so output and
/// gradient are bit-identical. Measured with <c>bench/avgpool.cs</c> (2 threads, 3x3 padding 1 without the padding in
/// the count, fwd+bwd, the copies included): 64x16x32x32 stride 1 37.4 → 8.2 ms, 64x32x16x16 8.8 → 1.9 ms,
/// 160x40x16x16 20.8 → 5.6 ms, 64x32x32x32 stride 2 even (4.8 / 4.9 ms); inputs under
/// <see cref="MaxPool.ChannelsLastMinElements"/> elements take the plain kernel.
/// An input already in channels-last strides with no gradient recorded (an evaluation pass under
/// <c>Networks.InferenceLayout</c>) is pooled as it is and the output left channels-last.
/// </summary>
public sealed class AvgPool : nn.Module<Tensor, Tensor>, ISharedInputOp
{
    private readonly long _kernel;
    private readonly long _stride;
    private readonly long _padding;
    private readonly bool _countIncludePad;

    /// <summary>Creates the pool.</summary>
    /// <param name="kernel">Square window size.</param>
    /// <param name="stride">Stride. Default 1.</param>
    /// <param name="padding">Implicit zero padding on each side. Default 0.</param>
    /// <param name="countIncludePad">Whether padded zeros count in the average (PyTorch's default true; DARTS's and
    /// ENAS's <c>avg_pool_3x3</c> use false).</param>
    public AvgPool(long kernel, long stride = 1, long padding = 0, bool countIncludePad = true) : base(nameof(AvgPool))
    {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel)
            throw new ArgumentException($"AvgPool needs kernel, stride ≥ 1 and 0 ≤ padding ≤ kernel/2; got {kernel}, {stride}, {padding}.");
        (_kernel, _stride, _padding, _countIncludePad) = (kernel, stride, padding, countIncludePad);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4 || x.device_type != DeviceType.CPU || x.numel() < MaxPool.ChannelsLastMinElements || ChannelsLastCopy.IsChannelsLast(x) && !(is_grad_enabled() && x.requires_grad))
            return nn.functional.avg_pool2d(x, _kernel, _stride, _padding, count_include_pad: _countIncludePad);
        return ChannelsLastAvgPool.Apply(x, _kernel, _stride, _padding, _countIncludePad);
    }

    /// <inheritdoc />
    public string SharedKey => SharedKeys.AvgPool(_kernel, _stride, _padding, _countIncludePad);

    /// <inheritdoc />
    public Tensor Shared(Tensor x) => forward(x);

    /// <inheritdoc />
    public Tensor ForwardFromShared(Tensor shared) => shared.alias();
}
