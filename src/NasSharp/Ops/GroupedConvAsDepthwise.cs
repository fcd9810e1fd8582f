namespace NasSharp.Ops;

using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// A grouped conv with few channels a group (BATS's binary convs at 24 channels in 12 groups: 2 in, 2 out a group)
/// computed as a depthwise conv: each output channel j of group q reads the group's m input channels with its own m
/// kernels, so with the input repeated once per output channel of its group (<c>[N, G·o·m, H, W]</c>, channel (q, j,
/// i) = input channel q·m + i) and the weight flattened to <c>[G·o·m, 1, k, k]</c>, the conv is a depthwise conv
/// followed by a sum over i. oneDNN runs depthwise forwards with its jit kernel at any size, while grouped convs with
/// few channels a group go to its gemm path (im2col, forward and backward: ~20% of a BATS supernet step in perf). The
/// backward repeats the output gradient over i and takes both gradients as depthwise forwards
/// (<see cref="DepthwiseConvGradients"/>), then sums the input gradient over j; only the input and the weight are kept
/// (the repeated input is made again), so memory is as the plain grouped conv's. Same maths, other summation order.
/// Measured (<c>bench/grouped-as-depthwise.cs</c>): see <see cref="Pays"/>. Arguments to <c>apply</c>: input, weight
/// <c>[C_out, C_in / groups, k, k]</c>, stride, padding, dilation, groups (ints).
/// </summary>
internal sealed class GroupedConvAsDepthwise : ReleasingTensorFunction<GroupedConvAsDepthwise>
{
    /// <inheritdoc />
    public override string Name => nameof(GroupedConvAsDepthwise);

    /// <inheritdoc />
    protected override string RetainGraphWorkaround => OneDnnGroupedConv.OwnKernelsHint;

    /// <summary>Whether this route is the faster one for a grouped (not depthwise) conv with <paramref name="inPerGroup"/>
    /// input and <paramref name="outPerGroup"/> output channels a group: at 2 and 2 (the repeat doubles the input),
    /// not beyond, where the repeated tensors cost more than oneDNN's gemm path (measured at 4 and 8 a group: 1.1-6x
    /// slower).</summary>
    public static bool Pays(long inPerGroup, long outPerGroup) => inPerGroup > 1 && inPerGroup * outPerGroup <= 4;

    /// <summary>The grouped conv of <paramref name="x"/> with <paramref name="weight"/> as a depthwise conv on oneDNN;
    /// through autograd where it records.</summary>
    public static Tensor Apply(Tensor x, Tensor weight, int stride, int padding, int dilation, int groups) =>
        is_grad_enabled() && (x.requires_grad || weight.requires_grad)
            ? Run(x, weight, stride, padding, dilation, groups)
            : Conv(x, weight, stride, padding, dilation, groups);

    private static Tensor Repeated(Tensor x, long groups, long outPerGroup)
    {
        var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        using var view = x.view(n, groups, 1, c / groups, h, w);
        using var expanded = view.expand(n, groups, outPerGroup, c / groups, h, w);
        return expanded.reshape(n, c * outPerGroup, h, w);
    }

    private static Tensor Conv(Tensor x, Tensor weight, int stride, int padding, int dilation, int groups)
    {
        using var scope = NewDisposeScope();
        var outPerGroup = weight.shape[0] / groups;
        var repeated = Repeated(x, groups, outPerGroup);
        var flat = weight.reshape(-1, 1, weight.shape[2], weight.shape[3]);
        Tensor z;
        using (MkldnnScope.On())
            z = nn.functional.conv2d(repeated, flat, strides: [stride, stride], padding: [padding, padding],
                dilation: [dilation, dilation], groups: flat.shape[0]);
        return z.view(z.shape[0], weight.shape[0], weight.shape[1], z.shape[2], z.shape[3]).sum([2L]).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override Tensor Forward(torch.autograd.AutogradContext ctx, object[] vars)
    {
        var (x, weight) = ((Tensor)vars[0], (Tensor)vars[1]);
        var (stride, padding, dilation, groups) = ((int)vars[2], (int)vars[3], (int)vars[4], (int)vars[5]);
        ctx.save_for_backward([x, weight]);
        ctx.save_data("geometry", new[] { stride, padding, dilation, groups });
        ctx.save_data("needs", new[] { x.requires_grad, weight.requires_grad });
        return Conv(x, weight, stride, padding, dilation, groups);
    }

    /// <inheritdoc />
    protected override List<Tensor> Backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
    {
        if (gradOutput.IsInvalid) return [null!, null!, null!, null!, null!, null!]; // the output did not reach the loss
        var saved = ctx.get_saved_variables();
        var g = (int[])ctx.get_data("geometry");
        var needs = (bool[])ctx.get_data("needs");
        var (x, weight) = (saved[0], saved[1]);
        var (stride, padding, dilation, groups) = (g[0], g[1], g[2], g[3]);
        var (n, cIn, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var (cOut, inPerGroup, k) = (weight.shape[0], weight.shape[1], weight.shape[2]);
        Tensor? dx = null, dw = null;
        using (var scope = NewDisposeScope())
        using (MkldnnScope.On())
        {
            // Each depthwise channel (q, j, i) gets output channel q·o + j's gradient.
            var (ho, wo) = (gradOutput.shape[2], gradOutput.shape[3]);
            var gradRepeated = gradOutput.view(n, cOut, 1, ho, wo).expand(n, cOut, inPerGroup, ho, wo).reshape(n, cOut * inPerGroup, ho, wo);
            var flat = weight.reshape(-1, 1, k, k);
            if (needs[0])
            {
                var dxRepeated = DepthwiseConvGradients.Input(gradRepeated, flat, h, w, stride, padding, dilation);
                dx = dxRepeated.view(n, groups, cOut / groups, inPerGroup, h, w).sum([2L]).reshape(n, cIn, h, w).MoveToOuterDisposeScope();
            }
            if (needs[1])
            {
                var repeated = Repeated(x, groups, cOut / groups);
                dw = DepthwiseConvGradients.Weight(repeated, gradRepeated, (int)k, stride, padding, dilation)
                    .reshape(cOut, inPerGroup, k, k).MoveToOuterDisposeScope();
            }
        }
        foreach (var t in saved) t.Dispose();
        gradOutput.Dispose(); // our wrapper only
        return [dx!, dw!, null!, null!, null!, null!];
    }
}
