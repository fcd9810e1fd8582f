namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// <see cref="AvgPool"/>'s route: average pooling on libtorch's channels-last kernel between copies from and to the
/// contiguous layout, forward and backward. Written as a function (not <see cref="ChannelsLastCopy"/> then the pool)
/// because autograd's own average pool saves its input for the backward, which reads only its shape and layout: the
/// channels-last copy of every pooled input would live until the backward (+3.7% peak resident memory on the DARTS
/// supernet step, 9122 → 9460 MB). This keeps the shape and hands <c>avg_pool2d_backward</c> an uninitialised
/// channels-last tensor of that shape, never read, as libtorch's "original input". Output and gradient are
/// bit-identical to the plain kernel's (<c>AvgPoolTests</c>). Arguments to <c>apply</c>: the input (4-D), kernel,
/// stride, padding (longs), count_include_pad (bool).
/// </summary>
internal sealed class ChannelsLastAvgPool : ReleasingTensorFunction<ChannelsLastAvgPool>
{
    /// <inheritdoc />
    public override string Name => nameof(ChannelsLastAvgPool);

    /// <summary>The pooled <paramref name="x"/>, contiguous; where autograd records, through this function.</summary>
    public static Tensor Apply(Tensor x, long kernel, long stride, long padding, bool countIncludePad) =>
        is_grad_enabled() && x.requires_grad ? Run(x, kernel, stride, padding, countIncludePad) : Pool(x, kernel, stride, padding, countIncludePad);

    private static Tensor Pool(Tensor x, long kernel, long stride, long padding, bool countIncludePad)
    {
        using var channelsLast = ToChannelsLast(x);
        using var y = nn.functional.avg_pool2d(channelsLast, kernel, stride, padding, count_include_pad: countIncludePad);
        return y.contiguous();
    }

    private static Tensor ToChannelsLast(Tensor x)
    {
        using var nhwc = x.permute(0, 2, 3, 1);
        using var dense = nhwc.contiguous();
        return dense.permute(0, 3, 1, 2);
    }

    /// <inheritdoc />
    protected override Tensor Forward(torch.autograd.AutogradContext ctx, object[] vars)
    {
        var x = (Tensor)vars[0];
        var (kernel, stride, padding, countIncludePad) = ((long)vars[1], (long)vars[2], (long)vars[3], (bool)vars[4]);
        ctx.save_data("shape", x.shape);
        ctx.save_data("geometry", new[] { kernel, stride, padding });
        ctx.save_data("countIncludePad", countIncludePad);
        ctx.save_data("dtype", x.dtype);
        return Pool(x, kernel, stride, padding, countIncludePad);
    }

    /// <inheritdoc />
    protected override List<Tensor> Backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
    {
        if (gradOutput.IsInvalid) return [null!, null!, null!, null!, null!]; // the output did not reach the loss
        var shape = (long[])ctx.get_data("shape");
        var g = (long[])ctx.get_data("geometry");
        using var gradChannelsLast = ToChannelsLast(gradOutput);
        gradOutput.Dispose(); // our wrapper only
        using var nhwc = empty([shape[0], shape[2], shape[3], shape[1]], dtype: (ScalarType)ctx.get_data("dtype"), device: gradChannelsLast.device);
        using var original = nhwc.permute(0, 3, 1, 2); // shape and layout only: avg_pool2d_backward reads no values
        using var grad = nn.functional.avg_pool2d_backward(gradChannelsLast, original, [g[0], g[0]], [g[1], g[1]], [g[2], g[2]],
            count_include_pad: (bool)ctx.get_data("countIncludePad"));
        return [grad.contiguous(), null!, null!, null!, null!];
    }
}
