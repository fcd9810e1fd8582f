namespace NasSharp.Tests.Ops;

using NasSharp.Ops;
using TorchSharp;
using static TorchSharp.torch;

public sealed class AvgPoolTests
{
    // The channels-last route must be bit-identical to libtorch's plain kernel in output and gradient, and hand the
    // gradient back in the contiguous layout (see MaxPoolTests): sizes above and below the channels-last threshold,
    // strides 1 and 2, an odd size, padding in and out of the count.
    [Theory]
    [InlineData(16, 16, 28, 1, false)]
    [InlineData(16, 32, 28, 2, false)]
    [InlineData(8, 64, 7, 1, true)]
    [InlineData(1, 4, 9, 2, false)] // below the threshold: the plain kernel
    public void Forward_AnyGeometry_OutputAndGradientBitIdenticalToTorchAvgPool(int batch, int channels, int size, int stride, bool countIncludePad)
    {
        manual_seed(22);
        using var scope = NewDisposeScope();
        var x0 = randn(batch, channels, size, size);
        var upstream = randn(batch, channels, (size + 2 - 3) / stride + 1, (size + 2 - 3) / stride + 1);
        using var pool = new AvgPool(3, stride, padding: 1, countIncludePad: countIncludePad);

        var x = x0.detach().requires_grad_(true);
        var y = pool.call(x);
        y.backward([upstream]);
        var xr = x0.detach().requires_grad_(true);
        var yr = nn.functional.avg_pool2d(xr, 3, stride, 1, count_include_pad: countIncludePad);
        yr.backward([upstream]);

        Assert.Equal(yr.shape, y.shape);
        Assert.True(y.is_contiguous());
        Assert.True(y.equal(yr).all().item<bool>(), "output differs");
        Assert.True(x.grad!.equal(xr.grad!).all().item<bool>(), "gradient differs");
        using var again = pool.call(x);
        var passedBack = autograd.grad([again], [x], [upstream])[0];
        Assert.True(passedBack.is_contiguous(), "the gradient came back in another layout than the input's");
    }

    [Fact]
    public void Constructor_PaddingOverHalfTheKernel_NamesWhatWasExpected()
    {
        var e = Assert.Throws<ArgumentException>(() => new AvgPool(3, 1, padding: 2));
        Assert.Contains("padding ≤ kernel/2", e.Message, StringComparison.Ordinal);
    }
}
