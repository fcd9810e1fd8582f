namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// <see cref="MaxPool"/>'s route where autograd records: max pooling on libtorch's channels-last kernel between copies
/// from and to the contiguous layout, whose backward pools again instead of keeping what autograd's own max pool keeps.
/// Autograd's <c>max_pool2d_with_indices</c> saves its input (here the channels-last copy, 4 bytes per input element)
/// and the argmax indices (int64, 8 bytes per output element) until the backward: three times the output of a
/// stride-1 pool. This saves only the input the caller passed (the contiguous tensor, often alive anyway as a cell
/// state), and the backward copies it to channels-last, pools it again on the same kernel (the same comparisons pick
/// the same elements, ties included) and takes that pool's gradient: output and gradient are bit-identical to
/// <c>max_pool2d</c>'s (<c>MaxPoolTests</c>), for one more pool forward per backward (the pool is a few percent of a
/// cell's time). The gradient comes back contiguous, as <see cref="ChannelsLastCopy"/> hands it back.
/// Arguments to <c>apply</c>: the input (4-D), kernel, stride, padding (longs).
/// </summary>
internal sealed class ChannelsLastMaxPool : ReleasingTensorFunction<ChannelsLastMaxPool>
{
    /// <inheritdoc />
    public override string Name => nameof(ChannelsLastMaxPool);

    /// <summary>The pooled <paramref name="x"/>, contiguous; where autograd records, through this function.</summary>
    public static Tensor Apply(Tensor x, long kernel, long stride, long padding) =>
        is_grad_enabled() && x.requires_grad ? Run(x, kernel, stride, padding) : Pool(x, kernel, stride, padding);

    private static Tensor Pool(Tensor x, long kernel, long stride, long padding)
    {
        using var channelsLast = ChannelsLastCopy.Copy(x);
        using var y = nn.functional.max_pool2d(channelsLast, kernel, stride, padding);
        return y.contiguous();
    }

    /// <inheritdoc />
    protected override Tensor Forward(torch.autograd.AutogradContext ctx, object[] vars)
    {
        var x = (Tensor)vars[0];
        ctx.save_for_backward([x]);
        ctx.save_data("geometry", new[] { (long)vars[1], (long)vars[2], (long)vars[3] });
        return Pool(x, (long)vars[1], (long)vars[2], (long)vars[3]);
    }

    /// <inheritdoc />
    protected override List<Tensor> Backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
    {
        if (gradOutput.IsInvalid) return [null!, null!, null!, null!]; // the output did not reach the loss
        var saved = ctx.get_saved_variables();
        var g = (long[])ctx.get_data("geometry");
        Tensor channelsLast;
        using (var x = saved[0].detach())
            channelsLast = ChannelsLastCopy.Copy(x).requires_grad_(true);
        foreach (var t in saved) t.Dispose();
        Tensor gradChannelsLast;
        using (channelsLast)
        using (enable_grad())
        using (var y = nn.functional.max_pool2d(channelsLast, g[0], g[1], g[2]))
            gradChannelsLast = torch.autograd.grad([y], [channelsLast], [gradOutput])[0];
        gradOutput.Dispose(); // our wrapper only
        using (gradChannelsLast)
            return [gradChannelsLast.contiguous(), null!, null!, null!];
    }
}
