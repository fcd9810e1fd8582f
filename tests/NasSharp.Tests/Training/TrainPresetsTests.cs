namespace NasSharp.Tests.Training;

using NasSharp.Training;

public sealed class TrainPresetsTests
{
    [Fact]
    public void Get_Darts_MatchesDartsTrainPy()
    {
        // DARTS cnn/train.py as run for the paper's CIFAR-10 evaluation (--auxiliary --cutout, 600 epochs).
        var p = TrainPresets.Get("darts");
        var t = p.Training;
        Assert.Equal((36, 20, true), (p.Channels, p.Layers, p.Auxiliary));
        Assert.Equal((600, 96, 0.025, 0.9, 3e-4, 5.0), (t.Epochs, t.BatchSize, t.LearningRate, t.Momentum, t.WeightDecay, t.GradClip));
        Assert.Equal((16, 4, true, 0.2, 0.4), (t.Cutout, t.CropPadding, t.HorizontalFlip, t.DropPath, t.AuxiliaryWeight));
    }

    [Fact]
    public void Get_Quick_HasNoRegularisationAndHigherLearningRate()
    {
        var p = TrainPresets.Get("QUICK");
        var t = p.Training;
        Assert.Equal((16, 5, false), (p.Channels, p.Layers, p.Auxiliary));
        Assert.Equal((0.05, 0, 0, false, 0.0), (t.LearningRate, t.Cutout, t.CropPadding, t.HorizontalFlip, t.DropPath));
    }

    [Fact]
    public void Names_EveryName_Resolves()
    {
        Assert.Equal("quick", TrainPresets.Names[0]);
        foreach (var name in TrainPresets.Names)
            Assert.Equal(name, TrainPresets.Get(name).Name);
    }

    [Fact]
    public void Get_UnknownName_ListsValidPresets()
    {
        var e = Assert.Throws<ArgumentException>(() => TrainPresets.Get("fast"));
        Assert.Contains("'fast'", e.Message);
        Assert.Contains("quick, darts", e.Message);
    }
}
