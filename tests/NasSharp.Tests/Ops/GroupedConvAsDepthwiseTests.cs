namespace NasSharp.Tests.Ops;

using NasSharp.Ops;
using TorchSharp;
using static TorchSharp.torch;

public class GroupedConvAsDepthwiseTests
{
    // The route's maths against libtorch's grouped conv and autograd, in float64 (oneDNN does not take float64, so the
    // depthwise convs inside run on the reference kernels: this pins the repeat/flatten/sum bookkeeping and the backward
    // formulas, not oneDNN, which the grouped-conv self-check covers in float32).
    [Theory]
    [InlineData(24, 24, 12, 3, 1, 1, 1, 10)]
    [InlineData(24, 24, 12, 5, 1, 2, 2, 11)]
    [InlineData(8, 8, 4, 3, 2, 1, 2, 9)]
    [InlineData(8, 8, 4, 5, 2, 2, 4, 12)]
    [InlineData(12, 6, 6, 3, 1, 1, 1, 8)] // 2 in, 1 out a group
    [InlineData(6, 12, 6, 3, 1, 2, 1, 9)] // 1 in, 2 out a group
    public void Apply_AnyGeometry_EqualsGroupedConvAndItsGradientsInFloat64(int cIn, int cOut, int groups, int kernel, int dilation, int stride, int padding, int size)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5, CPU);
        var x = randn([3, cIn, size, size], dtype: float64, generator: generator).requires_grad_(true);
        var w = randn([cOut, cIn / groups, kernel, kernel], dtype: float64, generator: generator).requires_grad_(true);
        var expected = nn.functional.conv2d(x, w, strides: [stride, stride], padding: [padding, padding], dilation: [dilation, dilation], groups: groups);
        var g = randn(expected.shape, dtype: float64, generator: generator);
        var expectedGrads = torch.autograd.grad([expected], [x, w], [g]);

        var y = GroupedConvAsDepthwise.Apply(x, w, stride, padding, dilation, groups);
        var grads = torch.autograd.grad([y], [x, w], [g]);

        Assert.Equal(expected.shape, y.shape);
        Assert.True(y.allclose(expected, rtol: 1e-10, atol: 1e-10), "output differs");
        Assert.True(grads[0].allclose(expectedGrads[0], rtol: 1e-10, atol: 1e-10), "input gradient differs");
        Assert.True(grads[1].allclose(expectedGrads[1], rtol: 1e-10, atol: 1e-10), "weight gradient differs");
        GroupedConvAsDepthwise.ReleaseReturnedGradients();
    }

    [Theory]
    [InlineData(2, 2, true)]
    [InlineData(2, 1, true)]
    [InlineData(1, 2, false)] // one input channel a group: a depthwise conv with a multiplier, left to oneDNN
    [InlineData(4, 4, false)]
    [InlineData(8, 8, false)]
    public void Pays_OnlyForTwoChannelsAGroup(long inPerGroup, long outPerGroup, bool expected) =>
        Assert.Equal(expected, GroupedConvAsDepthwise.Pays(inPerGroup, outPerGroup));
}
