namespace NasSharp.Tests.Training;

using NasSharp.Training;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void Validate_DefaultsAndEveryPreset_Pass()
    {
        new TrainingOptions().Validate();
        foreach (var name in TrainPresets.Names) TrainPresets.Get(name).Training.Validate();
    }

    [Theory]
    [InlineData(-0.1, 0.0, 96, "LearningRate (--lr) must be a positive number, got -0.1")]
    [InlineData(0.05, 1.0, 96, "DropPath (--drop-path) must be in [0, 1), got 1")]
    [InlineData(0.05, 0.0, 0, "BatchSize (--batch-size) must be at least 1, got 0")]
    public void Validate_OutOfRange_NamesOptionAndRange(double lr, double dropPath, int batch, string expected)
    {
        var o = new TrainingOptions { LearningRate = lr, DropPath = dropPath, BatchSize = batch };
        Assert.Contains(expected, Assert.Throws<ArgumentException>(o.Validate).Message);
    }

    [Fact]
    public void TrainJobRun_InvalidOptions_FailsBeforeWritingTheModelFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nassharp-invalid-" + Guid.NewGuid().ToString("N"));
        var config = new TrainJobConfig("DARTS_V2", "default", null, 16, 5, false, new TrainingOptions { Epochs = 0 });
        var e = Assert.Throws<ArgumentException>(() => TrainJob.Run(config, folder));
        Assert.Contains("Epochs (--epochs) must be at least 1, got 0", e.Message);
        Assert.False(Directory.Exists(folder));
    }
}
