namespace NasSharp.Tests.Ops;

using NasSharp.Ops;
using TorchSharp;
using static TorchSharp.torch;

public sealed class SepConvTests
{
    // SepConv runs its second block's ReLU in place on the first block's batch-norm output; the values and gradients
    // must be those of the plain chain (DARTS's SepConv: the two blocks called one after the other), bit for bit, in
    // training (where batch norm's backward must not have needed the overwritten output) and through the shared-input
    // route (ForwardFromShared after a shared ReLU).
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(1, true)]
    public void Forward_InPlaceSecondRelu_OutputAndGradientsBitIdenticalToThePlainChain(int stride, bool sharedRoute)
    {
        manual_seed(41);
        using var scope = NewDisposeScope();
        using var op = new SepConv(8, 12, 3, stride, 1, affine: true);
        op.train();
        var blocks = op.named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
        var x0 = randn(4, 8, 10, 10);
        var upstream = randn(4, 12, 10 / stride, 10 / stride);

        var x = x0.detach().requires_grad_(true);
        var y = sharedRoute ? op.ForwardFromShared(op.Shared(x)) : op.call(x);
        y.backward([upstream]);
        var grads = op.parameters().Select(p => p.grad!.clone()).ToArray();
        foreach (var p in op.parameters()) p.grad = null;

        var xr = x0.detach().requires_grad_(true);
        var yr = blocks["second"].call(blocks["first"].call(xr));
        yr.backward([upstream]);

        Assert.True(y.equal(yr).all().item<bool>(), "output differs");
        Assert.True(x.grad!.equal(xr.grad!).all().item<bool>(), "input gradient differs");
        var reference = op.parameters().Select(p => p.grad!).ToArray();
        for (var i = 0; i < grads.Length; i++) Assert.True(grads[i].equal(reference[i]).all().item<bool>(), $"parameter {i}'s gradient differs");
    }
}
