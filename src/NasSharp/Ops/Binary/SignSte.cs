namespace NasSharp.Ops.Binary;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Sign with a straight-through estimator (1adrianb/binary-networks-pytorch <c>bnn/ops.py</c> <c>SignActivation</c>):
/// forward <c>sign(x)</c> (−1, 0 or +1; <c>torch.sign</c> maps 0 to 0 as the reference does); backward passes the
/// incoming gradient unchanged where <c>|x| &lt; 1</c> and 0 where <c>|x| ≥ 1</c> (the hardtanh derivative).
/// A TorchSharp custom autograd function (<see cref="torch.autograd.SingleTensorFunction{T}"/>).
/// </summary>
public sealed class SignSte : torch.autograd.SingleTensorFunction<SignSte>
{
    /// <inheritdoc />
    public override string Name => nameof(SignSte);

    /// <summary>Binarises <paramref name="x"/> with sign; the gradient is the straight-through one described above.</summary>
    public static Tensor Apply(Tensor x) => apply(x);

    /// <inheritdoc />
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        ctx.save_for_backward([x]);
        return x.sign();
    }

    /// <inheritdoc />
    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var x = ctx.get_saved_variables()[0];
        // bnn/ops.py: grad_input.masked_fill_(input.ge(1) | input.le(-1), 0)
        using var abs = x.abs();
        using var outside = abs.ge(1);
        return [gradOutput.masked_fill(outside, 0)];
    }
}
