namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>DARTS <c>SepConv</c>: two stacked <see cref="DilConv"/> blocks with dilation 1; only the first strides,
/// and the first keeps <c>cIn</c> channels.</summary>
public sealed class SepConv : nn.Module<Tensor, Tensor>, ISharedInputOp
{
    private readonly DilConv first;
    private readonly DilConv second;

    /// <summary>Creates the op.</summary>
    public SepConv(int cIn, int cOut, int kernel, int stride, int padding, bool affine) : base(nameof(SepConv))
    {
        first = new DilConv(cIn, cIn, kernel, stride, padding, 1, affine);
        second = new DilConv(cIn, cOut, kernel, 1, padding, 1, affine);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var h = first.call(x);
        return Second(h);
    }

    /// <summary>The second block on the first's batch-norm output <paramref name="h"/>, its ReLU in place: nothing
    /// reads <paramref name="h"/> again (batch norm's backward keeps its input, not its output), so the ReLU needs no
    /// tensor of its own (one activation-sized allocation less per op, same values and gradients).</summary>
    private Tensor Second(Tensor h)
    {
        h.relu_();
        return second.ForwardFromShared(h);
    }

    /// <inheritdoc />
    public string SharedKey => first.SharedKey;

    /// <inheritdoc />
    public Tensor Shared(Tensor x) => first.Shared(x);

    /// <inheritdoc />
    public Tensor ForwardFromShared(Tensor shared)
    {
        using var h = first.ForwardFromShared(shared);
        return Second(h);
    }
}
