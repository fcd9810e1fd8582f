namespace NasSharp.Tests.Cost;

using NasSharp.Cost;
using NasSharp.Networks;
using NasSharp.Ops.Binary;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

public sealed class BopsTests
{
    [Fact]
    public void Measure_OneBinaryConvAndLinear_BopsAreTheConvMacsOnlyWhenWeightsAreBinary()
    {
        manual_seed(1);
        using var conv = new BinaryConv2d(4, 8, 3, padding: 1);
        using var net = nn.Sequential(("conv", conv), ("flat", nn.Flatten()), ("fc", nn.Linear(8 * 5 * 5, 10)));
        var stage1 = CostCounter.Measure(net, 4, 5);
        Assert.Equal((9200L, 0L, 9200L), (stage1.Macs, stage1.Bops, stage1.Flops)); // conv 8·25 × 4·9 = 7200 + linear 200 × 10
        Assert.Equal(9200.0, stage1.Combined);
        conv.BinarizeWeights = true;
        var stage2 = CostCounter.Measure(net, 4, 5);
        Assert.Equal((9200L, 7200L, 2000L), (stage2.Macs, stage2.Bops, stage2.Flops));
        Assert.Equal(2000 + 7200 / 64.0, stage2.Combined);
        Assert.Equal(stage1.Parameters, stage2.Parameters);
    }

    [Fact]
    public void Measure_TinyBinaryNetwork_BopsEqualSumOfBinaryConvMacsAndCombinedIsFlopsPlusBopsOver64()
    {
        manual_seed(2);
        using var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 16, 10, 8, 3, Binary: true, BinaryGroups: 4));
        var stage1 = CostCounter.Measure(net, 1, 16);
        Assert.Equal(0, stage1.Bops);
        Assert.Equal(stage1.Macs, stage1.Flops);

        BinaryConv2d.SetWeightBinarization(net, true);
        long expected = 0;
        var handles = BinaryConv2d.Layers(net).Select(l => l.register_forward_hook((m, input, output) =>
        {
            expected += output.shape[0] * output.shape[1] * output.shape[2] * output.shape[3] * (l.InChannels / l.Groups) * l.Kernel * l.Kernel;
            return output;
        })).ToList();
        var stage2 = CostCounter.Measure(net, 1, 16);
        handles.ForEach(h => h.remove());
        Assert.True(stage2.Bops > 0);
        Assert.Equal(expected, stage2.Bops);
        Assert.Equal(stage1.Macs, stage2.Macs); // the same ops, now split into FLOPs and BOPs: nothing counted twice
        Assert.Equal(stage2.Macs - stage2.Bops, stage2.Flops);
        Assert.Equal(stage2.Flops + stage2.Bops / 64.0, stage2.Combined);
        // The real part is at least the stem conv (3C = 24 channels × 16·16 pixels × 1·9).
        Assert.True(stage2.Flops >= 24 * 16 * 16 * 9);
    }

    [Fact]
    public void ModelCost_TwoArgumentConstructor_KeepsItsMeaningWithNoBops()
    {
        var cost = new ModelCost(10, 1000);
        Assert.Equal((0L, 1000L, 1000.0), (cost.Bops, cost.Flops, cost.Combined));
    }
}
