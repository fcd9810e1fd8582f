namespace NasSharp.Ops;

using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// A TorchSharp custom autograd function (one tensor out) that does not hold memory TorchSharp 0.107 would keep:
/// <list type="bullet">
/// <item>an <c>empty_like(output)</c> per call, kept until the graph node dies (<c>Node&lt;T&gt;._outputCache</c>, used
/// only to materialise a missing output gradient as zeros): freed as soon as <see cref="Run"/> returns; a missing
/// gradient reaches <see cref="Backward"/> as an invalid tensor instead. Measured: +20% peak resident memory on a
/// DARTS_V2 child step (997 -> 1240 MB) before this;</item>
/// <item>the forward's own wrapper of its output (TorchSharp hands the caller a second one): disposed;</item>
/// <item>the gradients <see cref="Backward"/> returns (libtorch copies its own reference; TorchSharp never disposes
/// ours, so they would live until the step's dispose scope ends): each backward of this type on a thread disposes the
/// previous one's; <see cref="ReleaseReturnedGradients"/> disposes the last ones;</item>
/// <item>the tensors saved with <c>save_for_backward</c>: TorchSharp's graph node keeps them until the node dies (when
/// the step's dispose scope frees the graph's outputs), where PyTorch frees a node's saved tensors as soon as its
/// backward has run (<c>release_variables</c>). Freed right after <see cref="Backward"/> returns. Measured: 87 MB
/// of the depthwise convs' inputs held from the end of a DARTS_V2 child step's backward to the step's end (live
/// malloc after backward 159-166 MB, PyTorch 72-73 MB; now 70-77 MB, <c>bench/child-memory.cs</c>). As a consequence a second backward through the same graph
/// (<c>retain_graph</c>) is refused with an <see cref="InvalidOperationException"/> naming the function and
/// <see cref="RetainGraphWorkaround"/>; TorchSharp cannot pass an exception out of a backward callback, so it ends the
/// process with that message. Nothing in NasSharp backpropagates twice through a graph.</item>
/// </list>
/// Subclasses implement <see cref="Forward"/> and <see cref="Backward"/> and call <see cref="Run"/>.
/// </summary>
/// <typeparam name="T">The function itself.</typeparam>
public abstract class ReleasingTensorFunction<T> : torch.autograd.SingleTensorFunction<T>
    where T : ReleasingTensorFunction<T>, new()
{
    private const string ReleasedKey = "ReleasingTensorFunction.released";
    private static readonly FieldInfo? SavedVariables = typeof(torch.autograd.AutogradContext).GetField("_savedVariables", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly MethodInfo? ResetData = SavedVariables?.FieldType.GetGenericArguments()[0].GetMethod("reset_data");
    private static readonly FieldInfo? ContextNode = typeof(torch.autograd.AutogradContext).GetField("_node", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? OutputCache = ContextNode?.FieldType.Assembly
        .GetType("TorchSharp.torch+autograd+Node`1")?.MakeGenericType(typeof(T))
        .GetField("_outputCache", BindingFlags.NonPublic | BindingFlags.Instance);

    [ThreadStatic] private static torch.autograd.AutogradContext? _lastContext;
    [ThreadStatic] private static Tensor? _forwardOutput;
    [ThreadStatic] private static List<Tensor>? _returned;
    [ThreadStatic] private static List<Tensor>? _madeAndSaved;

    /// <summary>Applies the function to <paramref name="vars"/> (recording it for autograd where grad mode is on) and
    /// frees what TorchSharp would keep of the call.</summary>
    protected static Tensor Run(params object[] vars)
    {
        var y = apply(vars);
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
        if (_madeAndSaved is { } made)
        {
            foreach (var t in made) t.Dispose(); // the node's saved variables hold libtorch's own references now
            made.Clear();
        }
        return y;
    }

    /// <summary>For a tensor <see cref="Forward"/> makes and passes to <c>save_for_backward</c>: TorchSharp reads our
    /// wrapper when it builds the graph node, after <see cref="Forward"/> returns, so it cannot be disposed there; it is
    /// disposed when <see cref="Run"/> returns (the saved variable keeps the tensor; otherwise our wrapper would hold it
    /// until the step's dispose scope ends).</summary>
    protected static void DisposeWhenApplied(Tensor tensor) => (_madeAndSaved ??= []).Add(tensor);

    /// <summary>Disposes the gradient wrappers this type's last backward on this thread returned, for code that counts
    /// live tensors outside a dispose scope.</summary>
    public static void ReleaseReturnedGradients()
    {
        if (_returned is not { } returned) return;
        foreach (var t in returned) t.Dispose();
        returned.Clear();
    }

    /// <summary>What a user who needs <c>retain_graph</c> through this function can do instead (ends the error message).</summary>
    protected virtual string RetainGraphWorkaround => "";

    /// <summary>Frees the tensors <paramref name="ctx"/> saved for backward (the node keeps empty slots).</summary>
    private static void ReleaseSavedTensors(torch.autograd.AutogradContext ctx)
    {
        ctx.save_data(ReleasedKey, true);
        if (ResetData is null || SavedVariables?.GetValue(ctx) is not System.Collections.IEnumerable saved) return;
        foreach (var variable in saved) ResetData.Invoke(variable, null);
    }

    /// <summary>The forward pass (autograd off); save what <see cref="Backward"/> needs in <paramref name="ctx"/>.</summary>
    protected abstract Tensor Forward(torch.autograd.AutogradContext ctx, object[] vars);

    /// <summary>The backward pass: one gradient (or null) per argument of <see cref="Run"/>.
    /// <paramref name="gradOutput"/> is invalid (<c>IsInvalid</c>) when the output did not reach the loss.</summary>
    protected abstract List<Tensor> Backward(torch.autograd.AutogradContext ctx, Tensor gradOutput);

    /// <inheritdoc />
    public sealed override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        _lastContext = ctx;
        return _forwardOutput = Forward(ctx, vars);
    }

    /// <inheritdoc />
    public sealed override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
    {
        // The wrappers this thread returned last time: libtorch holds its own references by now, and ours would keep
        // those gradients alive until the step's dispose scope ends.
        ReleaseReturnedGradients();
        if (ctx.get_data(ReleasedKey) is true)
            throw new InvalidOperationException($"{Name}: a second backward through the same graph (retain_graph) is not supported: " +
                $"its saved tensors are freed after the first backward, as PyTorch frees them without retain_graph. {RetainGraphWorkaround}");
        var grads = Backward(ctx, gradOutput);
        ReleaseSavedTensors(ctx);
        _returned ??= [];
        foreach (var g in grads)
            if (g is not null) _returned.Add(g);
        return grads;
    }
}
