namespace NasSharp.Tests.Ops;

using NasSharp.Cost;
using NasSharp.Ops;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

public class DepthwiseConv2dTests
{
    // Forward output and both gradients against the same conv in float64 on libtorch's reference kernels; float32
    // rounding gives ~1e-7 of the scale, the wrong oneDNN dense-conv gradients this guards against were off by 1e-1..7.
    [Theory]
    [InlineData(8, 3, 1, 1, 16)]
    [InlineData(16, 5, 2, 2, 14)]
    [InlineData(48, 3, 2, 1, 7)]
    [InlineData(4, 5, 1, 2, 9)]
    // Geometries whose backward is computed as depthwise forwards on oneDNN (DepthwiseConvGradients): odd sizes,
    // stride 2 with dilation, 5x5 at stride 1.
    [InlineData(16, 5, 1, 1, 11)]
    [InlineData(6, 3, 2, 2, 13)]
    [InlineData(8, 5, 2, 1, 12)]
    public void Forward_AnyGeometry_MatchesFloat64ReferenceInOutputAndGradients(int channels, int kernel, int dilation, int stride, int size) =>
        AssertMatchesFloat64(channels, kernel, dilation, stride, dilation * (kernel - 1) / 2, size);

    // Paddings other than "same": the input-gradient formula crops where the padding exceeds d·(k−1) and the
    // weight-gradient one where the last rows are never read.
    [Theory]
    [InlineData(8, 5, 1, 1, 0, 10)]
    [InlineData(8, 5, 1, 2, 1, 11)]
    [InlineData(8, 3, 2, 1, 3, 9)]
    [InlineData(8, 5, 2, 2, 5, 12)]
    [InlineData(8, 3, 1, 2, 2, 10)]
    public void Forward_PaddingOtherThanSame_MatchesFloat64ReferenceInOutputAndGradients(int channels, int kernel, int dilation, int stride, int padding, int size) =>
        AssertMatchesFloat64(channels, kernel, dilation, stride, padding, size);

    private static void AssertMatchesFloat64(int channels, int kernel, int dilation, int stride, int padding, int size)
    {
        manual_seed(7);
        using var conv = new DepthwiseConv2d(channels, kernel, stride, padding, dilation);
        using var scope = NewDisposeScope();
        var x = randn(6, channels, size, size).requires_grad_(true);
        var y = conv.call(x);
        using var upstream = randn(y.shape);
        y.backward([upstream]);

        var x64 = x.detach().to(float64).requires_grad_(true);
        var w64 = conv.weight.detach().to(float64).requires_grad_(true);
        var y64 = nn.functional.conv2d(x64, w64, strides: [stride, stride], padding: [padding, padding], dilation: [dilation, dilation], groups: channels);
        y64.backward([upstream.to(float64)]);

        AssertClose(y64, y.detach());
        AssertClose(x64.grad!, x.grad!);
        AssertClose(w64.grad!, conv.weight.grad!);
    }

    [Fact]
    public void Forward_OneDnnAndReferenceKernels_AgreeThroughADilConv()
    {
        if (!TorchRuntime.GroupedConvOnOneDnn || TorchRuntime.OneDnnEnabled) return; // only one path to compare here
        manual_seed(3);
        using var op = new DilConv(12, 16, 3, 2, 2, 2, affine: true);
        using var scope = NewDisposeScope();
        var input = randn(4, 12, 15, 15); // the input itself needs no gradient: only the weight's is computed first
        var (yOn, gradsOn) = Run(op, input);
        TorchRuntime.GroupedConvOnOneDnn = false;
        try
        {
            var (yOff, gradsOff) = Run(op, input);
            // Both float32, then batch norm's backward (dividing by a batch std): rounding reaches
            // ~1e-4 of the scale here; the wrong oneDNN gradients this guards against were off by 1e-1 and more.
            AssertClose(yOff, yOn, 1e-5);
            for (var i = 0; i < gradsOn.Length; i++) AssertClose(gradsOff[i], gradsOn[i], 1e-3);
        }
        finally
        {
            TorchRuntime.GroupedConvOnOneDnn = true;
        }
    }

    // PyTorch frees a node's saved tensors once its backward has run; TorchSharp's custom-function node kept them until
    // the graph died (the step's end): 87 MB of a DARTS_V2 child step's depthwise inputs (ReleasingTensorFunction).
    [Fact]
    public void Backward_OnOneDnn_FreesTheSavedInputBeforeTheGraphDies()
    {
        if (!TorchRuntime.GroupedConvOnOneDnn || TorchRuntime.OneDnnEnabled || !OperatingSystem.IsLinux()) return; // the custom function is not in use
        using var conv = new DepthwiseConv2d(64, 3, padding: 1);
        using var scope = NewDisposeScope();
        Tensor y;
        using (var x = randn(8, 64, 96, 96)) // 18.9 MB, saved for the weight's gradient; our wrapper goes now
            y = conv.call(x);
        using var upstream = ones_like(y);
        var before = LiveNativeBytes();
        y.backward([upstream]);
        var after = LiveNativeBytes();
        Assert.True(before - after >= 15_000_000, $"live native memory went from {before:N0} to {after:N0} bytes across the backward; the saved 18.9 MB input should have gone");
    }

    private static long LiveNativeBytes() => NasSharp.Runtime.NativeHeap.LiveBytes;

    [Fact]
    public void Constructor_SameSeed_SameWeightAndNameAsTorchConv2d()
    {
        manual_seed(11);
        using var reference = nn.Conv2d(24, 24, 5, groups: 24, bias: false);
        using var next = randn(3);
        manual_seed(11);
        using var conv = new DepthwiseConv2d(24, 5, padding: 2);
        using var nextAfterOurs = randn(3);
        Assert.True(reference.weight!.equal(conv.weight).all().item<bool>());
        Assert.True(next.equal(nextAfterOurs).all().item<bool>()); // the global stream advanced by the same draws
        Assert.Equal(["weight"], conv.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void CostCounter_DilConv_CountsDepthwiseKernelMacsPerOutput()
    {
        using var op = new DilConv(8, 16, 3, 2, 2, 2, affine: false);
        var cost = CostCounter.Measure(op, 8, 16);
        // depthwise: 8 channels x 8x8 outputs x 3x3 taps; pointwise: 16 x 8x8 outputs x 8 inputs
        Assert.Equal(8 * 8 * 8 * 9 + 16 * 8 * 8 * 8, cost.Macs);
        Assert.Equal(8 * 9 + 16 * 8, cost.Parameters);
    }

    [Fact]
    public void Constructor_BadSize_NamesWhatWasExpected()
    {
        var e = Assert.Throws<ArgumentException>(() => new DepthwiseConv2d(0, 3));
        Assert.Contains("channels, kernel, stride, dilation ≥ 1", e.Message);
    }

    private static (Tensor Output, Tensor[] Grads) Run(DilConv op, Tensor input)
    {
        op.zero_grad();
        var y = op.call(input);
        using var upstream = randn(y.shape, generator: new Generator(9, CPU));
        y.backward([upstream]);
        return (y.detach(), op.parameters().Select(p => p.grad!.clone()).ToArray());
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance = 1e-5)
    {
        var scale = expected.to(float64).abs().max().item<double>();
        var error = actual.to(float64).sub(expected.to(float64)).abs().max().item<double>();
        Assert.True(error <= tolerance * Math.Max(scale, 1e-6), $"largest error {error:E2} against a scale of {scale:E2}");
    }
}
