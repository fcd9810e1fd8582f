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
        // A channels-last gradient would send the kernels before the pool down their channels-last paths (another
        // summation order): the main job's seeded search and retraining drifted from 80.65% to 74.90% through it.
        // (autograd.grad: a leaf's .grad is re-laid out to the leaf's strides, which would hide it.)
        using var again = pool.call(x);
        var passedBack = autograd.grad([again], [x], [upstream])[0];
        Assert.True(passedBack.is_contiguous(), "the gradient came back in another layout than the input's");
        Assert.Equal(upstream.sum().item<float>(), x.grad!.sum().item<float>(), 2); // every window's gradient landed once
    }

    // Autograd's own max pool keeps the channels-last copy of its input and int64 indices (8 bytes per output element)
    // until the backward; ChannelsLastMaxPool keeps only the input, which the caller holds anyway here.
    [Fact]
    public void Forward_WithGrad_KeepsNothingButTheOutputUntilTheBackward()
    {
        if (!OperatingSystem.IsLinux()) return; // glibc's mallinfo2 measures the native heap
        manual_seed(22);
        using var pool = new MaxPool(3, 1, padding: 1);
        using var scope = NewDisposeScope();
        var x = randn(16, 32, 56, 56).requires_grad_(true); // 6.4 MB
        var outputBytes = x.numel() * 4;
        var before = NasSharp.Runtime.NativeHeap.LiveBytes;
        var y = pool.call(x);
        var held = NasSharp.Runtime.NativeHeap.LiveBytes - before;
        Assert.True(held < 1.5 * outputBytes, $"the forward left {held:N0} bytes live for a {outputBytes:N0}-byte output; autograd's max pool keeps about three times the output");
        y.backward([ones_like(y)]);
        Assert.Equal(y.numel(), (long)x.grad!.sum().item<float>()); // each window's gradient of 1 landed on one input
    }

    [Fact]
    public void Constructor_PaddingOverHalfTheKernel_NamesWhatWasExpected()
    {
        var e = Assert.Throws<ArgumentException>(() => new MaxPool(3, 1, padding: 2));
        Assert.Contains("padding ≤ kernel/2", e.Message, StringComparison.Ordinal);
    }
}
