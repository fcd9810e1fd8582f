namespace NasSharp.Ops;

using System.Reflection;
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
internal sealed class OneDnnGroupedConv : torch.autograd.SingleTensorFunction<OneDnnGroupedConv>
{
    /// <inheritdoc />
    public override string Name => nameof(OneDnnGroupedConv);

    // TorchSharp 0.107 keeps an empty_like(output) per call until the node dies (Node<T>._outputCache, used only to
    // materialise a missing output gradient as zeros). With NasSharp's malloc tuning that is resident memory: +20% peak
    // on a DARTS_V2 child step (997 -> 1240 MB). Apply frees it at once; backward handles a missing gradient itself.
    private static readonly FieldInfo? ContextNode = typeof(torch.autograd.AutogradContext).GetField("_node", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? OutputCache = ContextNode?.FieldType.Assembly
        .GetType("TorchSharp.torch+autograd+Node`1")?.MakeGenericType(typeof(OneDnnGroupedConv))
        .GetField("_outputCache", BindingFlags.NonPublic | BindingFlags.Instance);

    [ThreadStatic] private static torch.autograd.AutogradContext? _lastContext;
    [ThreadStatic] private static Tensor? _forwardOutput;
    [ThreadStatic] private static List<Tensor>? _returned;

    /// <summary>The grouped conv of <paramref name="x"/> with <paramref name="weight"/> on oneDNN.</summary>
    public static Tensor Apply(Tensor x, Tensor weight, int stride, int padding, int dilation, int groups)
    {
        var y = apply(x, weight, stride, padding, dilation, groups);
        if (_lastContext is { } ctx && OutputCache is not null && ContextNode!.GetValue(ctx) is { } node
            && OutputCache.GetValue(node) is List<Tensor> cache)
        {
            for (var i = 0; i < cache.Count; i++)
            {
                cache[i]?.Dispose();
                cache[i] = null!;
            }
        }
        _lastContext = null;
        _forwardOutput?.Dispose(); // forward's own wrapper; TorchSharp returned a second one to the same tensor
        _forwardOutput = null;
        return y;
    }

    /// <summary>Disposes the gradient wrappers this thread's last backward returned. TorchSharp never disposes what a
    /// custom function's backward returns (libtorch copies its own reference), so each backward disposes the previous
    /// one's; this releases the last ones, for code that counts live tensors outside a dispose scope.</summary>
    internal static void ReleaseReturnedGradients()
    {
        if (_returned is not { } returned) return;
        foreach (var t in returned) t.Dispose();
        returned.Clear();
    }

    /// <summary>The grouped conv of <paramref name="x"/> with <paramref name="weight"/>, on oneDNN where
    /// <see cref="TorchRuntime.GroupedConvOnOneDnn"/> says so (on the CPU, <paramref name="groups"/> &gt; 1, oneDNN not
    /// already on for everything): through <see cref="Apply"/> when autograd records, else as a plain oneDNN forward;
    /// otherwise on libtorch's own kernels.</summary>
    public static Tensor Run(Tensor x, Tensor weight, int stride, int padding, int dilation, int groups)
    {
        if (groups == 1 || x.device_type != DeviceType.CPU || TorchRuntime.OneDnnEnabled || !TorchRuntime.GroupedConvOnOneDnn)
            return Conv(x, weight, stride, padding, dilation, groups);
        if (is_grad_enabled() && (x.requires_grad || weight.requires_grad))
            return Apply(x, weight, stride, padding, dilation, groups);
        using var on = MkldnnScope.On();
        return Conv(x, weight, stride, padding, dilation, groups);
    }

    /// <summary>The conv itself, on whatever backend is switched on.</summary>
    public static Tensor Conv(Tensor x, Tensor weight, int stride, int padding, int dilation, int groups) =>
        nn.functional.conv2d(x, weight, strides: [stride, stride], padding: [padding, padding], dilation: [dilation, dilation], groups: groups);

    /// <inheritdoc />
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, weight) = ((Tensor)vars[0], (Tensor)vars[1]);
        var (stride, padding, dilation, groups) = ((int)vars[2], (int)vars[3], (int)vars[4], (int)vars[5]);
        _lastContext = ctx;
        ctx.save_for_backward([x, weight]);
        ctx.save_data("geometry", new[] { stride, padding, dilation, groups });
        ctx.save_data("needs", new[] { x.requires_grad, weight.requires_grad });
        using var on = MkldnnScope.On();
        return _forwardOutput = Conv(x, weight, stride, padding, dilation, groups);
    }

    /// <inheritdoc />
    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
    {
        // The wrappers this thread returned last time: libtorch holds its own references by now, and ours would keep
        // those gradients alive until the step's dispose scope ends.
        ReleaseReturnedGradients();
        if (gradOutput.IsInvalid) return [null!, null!, null!, null!, null!, null!]; // the output did not reach the loss
        var saved = ctx.get_saved_variables();
        var g = (int[])ctx.get_data("geometry");
        var needs = (bool[])ctx.get_data("needs");
        using var on = MkldnnScope.On();
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
        _returned ??= [];
        if (dx is not null) _returned.Add(dx);
        if (dw is not null) _returned.Add(dw);
        return [dx!, dw!, null!, null!, null!, null!];
    }
}
