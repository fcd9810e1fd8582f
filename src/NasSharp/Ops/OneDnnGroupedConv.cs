namespace NasSharp.Ops;

using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// A grouped conv without bias (depthwise: <c>groups = channels</c>; BATS's binary convs: 12 groups) whose forward and
/// backward both run with libtorch's oneDNN switch on, while it stays off for every other kernel (see
/// <see cref="TorchRuntime.GroupedConvOnOneDnn"/>). libtorch picks the conv
/// backend again when the backward runs, so a forward-only switch is not enough: the backward recomputes the conv
/// under <see cref="MkldnnScope"/> from the saved input and weight and differentiates that (one extra oneDNN forward,
/// cheap next to the per-group loop it replaces). Same maths as <c>conv2d(..., groups)</c>, to float32 rounding.
/// Arguments to <c>apply</c>: input, weight <c>[C_out, C_in / groups, k, k]</c>, stride, padding, dilation, groups (ints).
/// </summary>
internal sealed class OneDnnGroupedConv : ReleasingTensorFunction<OneDnnGroupedConv>
{
    /// <inheritdoc />
    public override string Name => nameof(OneDnnGroupedConv);

    /// <inheritdoc />
    protected override string RetainGraphWorkaround => OwnKernelsHint;

    /// <summary>How to put grouped and depthwise convs back on libtorch's own kernels (which allow retain_graph).</summary>
    internal static string OwnKernelsHint =>
        $"Set {TorchRuntime.GroupedConvVariable}=0 to run grouped and depthwise convs on libtorch's own kernels, which keep them.";

    /// <summary>The grouped conv of <paramref name="x"/> with <paramref name="weight"/> on oneDNN.</summary>
    public static Tensor Apply(Tensor x, Tensor weight, int stride, int padding, int dilation, int groups) =>
        Run(x, weight, stride, padding, dilation, groups);

    /// <summary>The grouped conv of <paramref name="x"/> with <paramref name="weight"/>, on oneDNN where
    /// <see cref="TorchRuntime.GroupedConvOnOneDnn"/> says so (on the CPU, <paramref name="groups"/> &gt; 1, oneDNN not
    /// already on for everything): through <see cref="Apply"/> when autograd records, else as a plain oneDNN forward;
    /// otherwise on libtorch's own kernels.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, int stride, int padding, int dilation, int groups)
    {
        if (groups == 1 || x.device_type != DeviceType.CPU || TorchRuntime.OneDnnEnabled || !TorchRuntime.GroupedConvOnOneDnn)
            return Conv(x, weight, stride, padding, dilation, groups);
        if (GroupedConvAsDepthwise.Pays(x.shape[1] / groups, weight.shape[0] / groups))
            return GroupedConvAsDepthwise.Apply(x, weight, stride, padding, dilation, groups);
        if (is_grad_enabled() && (x.requires_grad || weight.requires_grad))
            return Apply(x, weight, stride, padding, dilation, groups);
        using var on = MkldnnScope.On();
        return Conv(x, weight, stride, padding, dilation, groups);
    }

    /// <summary>The conv itself, on whatever backend is switched on.</summary>
    public static Tensor Conv(Tensor x, Tensor weight, int stride, int padding, int dilation, int groups) =>
        nn.functional.conv2d(x, weight, strides: [stride, stride], padding: [padding, padding], dilation: [dilation, dilation], groups: groups);

    /// <inheritdoc />
    protected override Tensor Forward(torch.autograd.AutogradContext ctx, object[] vars)
    {
        var (x, weight) = ((Tensor)vars[0], (Tensor)vars[1]);
        var (stride, padding, dilation, groups) = ((int)vars[2], (int)vars[3], (int)vars[4], (int)vars[5]);
        ctx.save_for_backward([x, weight]);
        ctx.save_data("geometry", new[] { stride, padding, dilation, groups });
        ctx.save_data("needs", new[] { x.requires_grad, weight.requires_grad });
        using var on = MkldnnScope.On();
        return Conv(x, weight, stride, padding, dilation, groups);
    }

    /// <inheritdoc />
    protected override List<Tensor> Backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
    {
        if (gradOutput.IsInvalid) return [null!, null!, null!, null!, null!, null!]; // the output did not reach the loss
        var saved = ctx.get_saved_variables();
        var g = (int[])ctx.get_data("geometry");
        var needs = (bool[])ctx.get_data("needs");
        using var on = MkldnnScope.On();
        var (kernel, groups) = ((int)saved[1].shape[2], g[3]);
        if (saved[0].shape[1] == groups && saved[1].shape[0] == groups && !DepthwiseConvGradients.OneDnnBackwardIsFast(kernel, g[1], g[2]))
        {
            // A depthwise conv whose oneDNN backward is the slow gemm path: both gradients as depthwise forwards.
            var dxd = needs[0] ? DepthwiseConvGradients.Input(gradOutput, saved[1], saved[0].shape[2], saved[0].shape[3], g[0], g[1], g[2]) : null;
            var dwd = needs[1] ? DepthwiseConvGradients.Weight(saved[0], gradOutput, kernel, g[0], g[1], g[2]) : null;
            foreach (var t in saved) t.Dispose();
            gradOutput.Dispose();
            return [dxd!, dwd!, null!, null!, null!, null!];
        }
        using var grad = enable_grad();
        using var x = saved[0].detach().requires_grad_(needs[0]);
        using var weight = saved[1].detach().requires_grad_(needs[1]);
        foreach (var t in saved) t.Dispose();
        var inputs = new List<Tensor>();
        if (needs[0]) inputs.Add(x);
        if (needs[1]) inputs.Add(weight);
        IList<Tensor> grads;
        using (var y = Conv(x, weight, g[0], g[1], g[2], g[3]))
            grads = torch.autograd.grad([y], inputs, [gradOutput]);
        gradOutput.Dispose(); // our wrapper only (TorchSharp wraps a copy of libtorch's reference): frees it as it goes
        var k = 0;
        var dx = needs[0] ? grads[k++] : null;
        var dw = needs[1] ? grads[k] : null;
        return [dx!, dw!, null!, null!, null!, null!];
    }
}
