using NasSharp.Data;
using static TorchSharp.torch;

namespace NasSharp.Tests.Data;

public class NormalizationTests
{
    [Fact]
    public void FromDataset_ThenApply_GivesZeroMeanUnitStdPerChannel()
    {
        using var splits = DatasetCatalog.Load("default");
        var norm = Normalization.FromDataset(splits.Train);
        Assert.Single(norm.Mean);
        Assert.Equal(0.286, norm.Mean[0], 2); // Fashion-MNIST's well-known mean

        using var scope = NewDisposeScope();
        var x = norm.Apply(splits.Train.Images);
        Assert.Equal(0.0, x.mean().item<float>(), 3);
        Assert.Equal(1.0, x.std().item<float>(), 3);
    }

    [Fact]
    public void FromDataset_ColourImages_PerChannelStatistics()
    {
        using var scope = NewDisposeScope();
        // Channel 0 is constant 51 (=0.2), channel 1 alternates 0/255, channel 2 is constant 255.
        var images = zeros([4, 3, 2, 2], ScalarType.Byte);
        images[.., 0] = tensor((byte)51);
        images[.., 1, 0] = tensor((byte)255);
        images[.., 2] = tensor((byte)255);
        using var data = new ImageDataset(images, zeros([4], ScalarType.Int64), ["only"], "test");

        var norm = Normalization.FromDataset(data);

        Assert.Equal(0.2f, norm.Mean[0], 5);
        Assert.Equal(1f, norm.Std[0]); // zero deviation -> 1
        Assert.Equal(0.5f, norm.Mean[1], 5);
        Assert.Equal(0.5f, norm.Std[1], 5);
        Assert.Equal(1f, norm.Mean[2], 5);
        var x = norm.Apply(data.Images);
        Assert.Equal(0f, x[.., 1].mean().item<float>(), 5);
        Assert.Equal(1f, x[0, 1, 0, 0].item<float>(), 5);
    }
}
