namespace NasSharp.Tests.Cost;

using NasSharp.Cost;
using TorchSharp;
using static TorchSharp.torch;

public class CostCounterTests
{
    [Fact]
    public void Measure_TinyNetwork_MatchesHandCount()
    {
        // conv 1->4, 3x3, no bias, on 1x8x8 (padding 1): 8*8 outputs * 4 channels * (1*3*3) = 2304 MACs, 36 params.
        // grouped conv 4->4, groups 2, 1x1: 64 * 4 * (2*1*1) = 512 MACs, 8 params.
        // linear 4->10: 40 MACs, 40 + 10 params.
        using var net = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding: 1, bias: false),
            nn.ReLU(),
            nn.Conv2d(4, 4, 1, groups: 2, bias: false),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Linear(4, 10));
        var cost = CostCounter.Measure(net, 1, 8);
        Assert.Equal(36 + 8 + 50, cost.Parameters);
        Assert.Equal(2304 + 512 + 40, cost.Macs);
    }

    [Fact]
    public void Measure_RestoresTrainingMode()
    {
        using var net = nn.Sequential(nn.Conv2d(1, 2, 1), nn.BatchNorm2d(2));
        net.train();
        CostCounter.Measure(net, 1, 4);
        Assert.True(net.training);
    }
}
