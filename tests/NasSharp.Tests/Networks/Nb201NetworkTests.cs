namespace NasSharp.Tests.Networks;

using System.Globalization;
using NasSharp.Cost;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

public class Nb201NetworkTests
{
    [Fact]
    public void Build_200RandomBenchmarkCells_ParameterCountMatchesBenchmarkTable()
    {
        var rows = File.ReadLines(SharedData.Require("nas-bench-201", "nas-bench-201.csv")).Skip(1)
            .Select(l => l.Split(',')).ToArray();
        var random = new Random(2020);
        var options = new NetworkOptions(3, 32, 10, Channels: 16, Layers: 5);
        for (var i = 0; i < 200; i++)
        {
            var row = rows[random.Next(rows.Length)];
            var genotype = Nb201Format.Parse(row[1]);
            var expected = double.Parse(row[8], CultureInfo.InvariantCulture) * 1e6;
            using var net = new Nb201Network(genotype, options);
            var actual = CostCounter.CountParameters(net);
            Assert.True(Math.Abs(actual - expected) <= expected * 0.001,
                $"index {row[0]} {row[1]}: {actual} parameters, benchmark says {expected}");
        }
    }

    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void Forward_AnyInputShape_GivesLogitsPerClass(int channels, int size)
    {
        torch.manual_seed(0);
        var genotype = Nb201Format.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|");
        using var net = new Nb201Network(genotype, new NetworkOptions(channels, size, 7, 8, 1));
        using var x = randn(2, channels, size, size);
        using var y = net.forward(x);
        Assert.Equal(new long[] { 2, 7 }, y.shape);
    }
}
