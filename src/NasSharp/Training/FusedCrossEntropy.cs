namespace NasSharp.Training;

using NasSharp.Ops;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Mean cross-entropy of <c>[N, classes]</c> logits against <c>[N]</c> class indices (<c>cross_entropy(logits,
/// targets)</c>, no weights, no ignored index) whose backward turns the saved log-probabilities into the logits'
/// gradient in place. Autograd's <c>log_softmax</c> + <c>nll_loss</c> keep the log-probabilities and then, in the
/// backward, make two more tensors of the same size: <c>nll_loss</c>'s dense gradient and <c>log_softmax</c>'s. At a
/// language model's output these dominate memory (enas_lm's search: 4,480 tokens x 10,000 words = 179 MB each). The
/// loss is computed by the same kernels (bit-identical); the gradient is <c>log_softmax_backward</c>'s arithmetic on
/// <c>nll_loss</c>'s one-hot gradient <c>s = −g/N</c>, done in place: <c>0 − exp(p)·s</c> off the targets and
/// <c>s − exp(p)·s</c> on them (the same products and differences, within the exp kernel's rounding;
/// <c>FusedCrossEntropyTests</c>). Arguments to <c>apply</c>: logits, targets (int64).
/// </summary>
internal sealed class FusedCrossEntropy : ReleasingTensorFunction<FusedCrossEntropy>
{
    /// <inheritdoc />
    public override string Name => nameof(FusedCrossEntropy);

    /// <summary>The mean cross-entropy of <paramref name="logits"/> <c>[N, classes]</c> against
    /// <paramref name="targets"/> <c>[N]</c>; through this function where autograd records, else
    /// <c>cross_entropy</c> itself.</summary>
    public static Tensor Mean(Tensor logits, Tensor targets)
    {
        if (logits.dim() != 2 || targets.dim() != 1 || targets.shape[0] != logits.shape[0])
            throw new ArgumentException($"FusedCrossEntropy needs logits [N, classes] and targets [N]; got [{string.Join(", ", logits.shape)}] and [{string.Join(", ", targets.shape)}].");
        return is_grad_enabled() && logits.requires_grad ? Run(logits, targets) : nn.functional.cross_entropy(logits, targets);
    }

    /// <inheritdoc />
    protected override Tensor Forward(torch.autograd.AutogradContext ctx, object[] vars)
    {
        var (logits, targets) = ((Tensor)vars[0], (Tensor)vars[1]);
        var logProbabilities = nn.functional.log_softmax(logits, 1);
        ctx.save_for_backward([logProbabilities, targets]);
        DisposeWhenApplied(logProbabilities);
        return nn.functional.nll_loss(logProbabilities, targets);
    }

    /// <inheritdoc />
    protected override List<Tensor> Backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
    {
        if (gradOutput.IsInvalid) return [null!, null!]; // the loss did not reach the backward's root
        var saved = ctx.get_saved_variables();
        var (p, targets) = (saved[0], saved[1]);
        // nll_loss's gradient on the targets: −g / N (aten nll_loss_backward, mean reduction, unit weights).
        using var s = gradOutput.div(p.shape[0]).neg_();
        gradOutput.Dispose(); // our wrapper only
        var grad = p.detach();
        grad.exp_().mul_(s).neg_(); // log_softmax_backward off the targets: 0 − exp(p)·s
        using (var index = targets.unsqueeze(1))
        using (var column = s.expand(p.shape[0], 1))
            grad.scatter_add_(1, index, column); // on them: s − exp(p)·s (s + (−exp(p)·s), the same float)
        foreach (var t in saved) t.Dispose();
        return [grad, null!];
    }
}
