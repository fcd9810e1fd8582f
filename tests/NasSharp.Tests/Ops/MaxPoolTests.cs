namespace NasSharp.Tests.Ops;

using NasSharp.Ops;
using TorchSharp;
using static TorchSharp.torch;

public sealed class MaxPoolTests
{
    // The channels-last route must be bit-identical to libtorch's plain kernel, ties included: inputs of small
    // integers after a ReLU (many equal values in a window), so a route that picked another element of a tie for the
    // gradient would fail. Sizes above and below the channels-last threshold; strides 1 and 2; an odd size.
    [Theory]
    [InlineData(16, 16, 28, 1)]
    [InlineData(16, 32, 28, 2)]
    [InlineData(8, 64, 7, 1)]
    [InlineData(1, 4, 9, 2)] // below the threshold: the plain kernel
    public void Forward_WithTies_OutputAndGradientBitIdenticalToTorchMaxPool(int batch, int channels, int size, int stride)
    {
        manual_seed(21);
        using var scope = NewDisposeScope();
        var x0 = nn.functional.relu(randn(batch, channels, size, size)).mul(3).round();
        var upstream = randn(batch, channels, (size + 2 - 3) / stride + 1, (size + 2 - 3) / stride + 1);
        using var pool = new MaxPool(3, stride, padding: 1);

        var x = x0.detach().requires_grad_(true);
        var y = pool.call(x);
        y.backward([upstream]);
        var xr = x0.detach().requires_grad_(true);
        var yr = nn.functional.max_pool2d(xr, 3, stride, 1);
        yr.backward([upstream]);

        Assert.Equal(yr.shape, y.shape);
        Assert.True(y.is_contiguous());
        Assert.True(y.equal(yr).all().item<bool>(), "output differs");
        Assert.True(x.grad!.equal(xr.grad!).all().item<bool>(), "gradient differs");
        Assert.Equal(upstream.sum().item<float>(), x.grad!.sum().item<float>(), 2); // every window's gradient landed once
    }

    [Fact]
    public void Constructor_PaddingOverHalfTheKernel_NamesWhatWasExpected()
    {
        var e = Assert.Throws<ArgumentException>(() => new MaxPool(3, 1, padding: 2));
        Assert.Contains("padding ≤ kernel/2", e.Message, StringComparison.Ordinal);
    }
}
