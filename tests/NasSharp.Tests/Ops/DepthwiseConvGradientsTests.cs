namespace NasSharp.Tests.Ops;

using NasSharp.Ops;
using TorchSharp;
using static TorchSharp.torch;

// The formulas are backend-free maths (a depthwise conv's gradients as depthwise forwards), so they are checked here in
// float64 on libtorch's reference kernels against autograd; DepthwiseConv2dTests checks them through oneDNN where the
// grouped-conv self-check lets it run (a wrong formula makes that check fail and the convs fall back, so these tests
// are what pins the formulas down).
public class DepthwiseConvGradientsTests
{
    [Theory]
    [InlineData(5, 1, 1, 2, 12)]
    [InlineData(5, 1, 2, 2, 11)]
    [InlineData(3, 2, 1, 2, 10)]
    [InlineData(3, 2, 2, 2, 13)]
    [InlineData(5, 2, 1, 4, 9)]
    [InlineData(5, 2, 2, 4, 16)]
    [InlineData(5, 1, 1, 0, 10)]
    [InlineData(3, 2, 1, 3, 9)]
    [InlineData(5, 2, 2, 5, 12)]
    [InlineData(3, 1, 2, 1, 8)]
    [InlineData(7, 3, 3, 1, 20)]
    public void InputAndWeight_AnyGeometry_EqualAutogradInFloat64(int kernel, int dilation, int stride, int padding, int size)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11, CPU);
        const int channels = 5;
        var x = randn([3, channels, size, size], dtype: float64, generator: generator).requires_grad_(true);
        var w = randn([channels, 1, kernel, kernel], dtype: float64, generator: generator).requires_grad_(true);
        var y = nn.functional.conv2d(x, w, strides: [stride, stride], padding: [padding, padding], dilation: [dilation, dilation], groups: channels);
        var g = randn(y.shape, dtype: float64, generator: generator);
        var expected = torch.autograd.grad([y], [x, w], [g]);

        var dx = DepthwiseConvGradients.Input(g, w.detach(), size, size, stride, padding, dilation);
        var dw = DepthwiseConvGradients.Weight(x.detach(), g, kernel, stride, padding, dilation);

        Assert.Equal(expected[0].shape, dx.shape);
        Assert.Equal(expected[1].shape, dw.shape);
        Assert.True(dx.allclose(expected[0], rtol: 1e-10, atol: 1e-10), $"input gradient off by {dx.sub(expected[0]).abs().max().item<double>():E2}");
        Assert.True(dw.allclose(expected[1], rtol: 1e-10, atol: 1e-10), $"weight gradient off by {dw.sub(expected[1]).abs().max().item<double>():E2}");
    }

    [Theory]
    [InlineData(3, 1, 1, true)]
    [InlineData(3, 1, 0, true)]
    [InlineData(3, 1, 2, false)]
    [InlineData(5, 1, 2, false)]
    [InlineData(3, 2, 2, false)]
    public void OneDnnBackwardIsFast_OnlyUndilated3x3WithSmallPadding(int kernel, int dilation, int padding, bool expected) =>
        Assert.Equal(expected, DepthwiseConvGradients.OneDnnBackwardIsFast(kernel, padding, dilation));
}
