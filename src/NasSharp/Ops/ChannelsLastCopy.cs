namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// A copy of an NCHW tensor to channels-last strides (same shape, NHWC memory order) whose backward hands back a
/// gradient in the usual contiguous layout. A plain <c>x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)</c> passes
/// back the channels-last gradient the kernel after it produced, and that layout then spreads backwards: the batch norm
/// and the oneDNN conv before a <see cref="MaxPool"/> took their channels-last paths, whose reductions add in another
/// order. Each value was still right to float rounding, but training drifted: the README's main job (a seeded ENAS
/// search and retraining) went from controller reward 0.1276 after epoch 1 and a retrained cell of 80.65% to 0.1245 and
/// 74.90% with the same cell. With this copy the layouts outside the pool, and so every result, are those of the plain
/// kernel. Argument to <c>apply</c>: the tensor (4-D).
/// </summary>
internal sealed class ChannelsLastCopy : ReleasingTensorFunction<ChannelsLastCopy>
{
    /// <inheritdoc />
    public override string Name => nameof(ChannelsLastCopy);

    /// <summary><paramref name="x"/> copied to channels-last strides; where autograd records, through this function.</summary>
    public static Tensor Apply(Tensor x) =>
        is_grad_enabled() && x.requires_grad ? Run(x) : Copy(x);

    /// <summary>Whether <paramref name="x"/> is a 4-D tensor with more than one channel stored densely in channels-last
    /// order (NHWC memory, NCHW shape), as <see cref="Apply"/> leaves it.</summary>
    public static bool IsChannelsLast(Tensor x)
    {
        if (x.dim() != 4 || x.size(1) < 2) return false;
        var (c, w) = (x.size(1), x.size(3));
        return x.stride(1) == 1 && x.stride(3) == c && x.stride(2) == w * c && x.stride(0) == x.size(2) * w * c;
    }

    /// <summary><paramref name="x"/> copied to channels-last strides, outside autograd.</summary>
    internal static Tensor Copy(Tensor x)
    {
        using var nhwc = x.permute(0, 2, 3, 1);
        using var dense = nhwc.contiguous();
        return dense.permute(0, 3, 1, 2);
    }

    /// <inheritdoc />
    protected override Tensor Forward(torch.autograd.AutogradContext ctx, object[] vars) => Copy((Tensor)vars[0]);

    /// <inheritdoc />
    protected override List<Tensor> Backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
    {
        if (gradOutput.IsInvalid) return [null!]; // the output did not reach the loss
        var grad = gradOutput.contiguous();
        gradOutput.Dispose(); // our wrapper only
        return [grad];
    }
}
