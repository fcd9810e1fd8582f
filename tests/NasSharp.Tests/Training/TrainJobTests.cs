namespace NasSharp.Tests.Training;

using NasSharp.Training;

public sealed class TrainJobTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-trainjob-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrainJobConfig Tiny(double lr) => new("NB201_RESNET", "default", null, 4, 1, false,
        new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = lr, LogEvery = 100 }, TrainLimit: 64);

    [Fact]
    public void Run_FolderOfARunWithOtherSettings_FailsListingTheDifferenceAndKeepsTheRun()
    {
        var folder = Path.Combine(_dir, "m");
        var first = TrainJob.Run(Tiny(0.05), folder);
        var weights = File.ReadAllBytes(Path.Combine(folder, ModelFolder.WeightsFile));

        var e = Assert.Throws<InvalidOperationException>(() => TrainJob.Run(Tiny(0.1) with { Training = Tiny(0.1).Training with { LogEvery = 7 } }, folder));
        Assert.Contains("training.learning_rate: 0.05 -> 0.1", e.Message);
        Assert.DoesNotContain("log_every", e.Message);
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(folder, ModelFolder.WeightsFile)));
        Assert.Equal(0.05, ModelFolder.ReadConfig(folder).Training.LearningRate);

        // The same settings (another progress interval, another case of the name) resume: training is already done.
        var again = TrainJob.Run(Tiny(0.05) with { Architecture = "nb201_resnet", Training = Tiny(0.05).Training with { LogEvery = 9 } }, folder);
        Assert.Equal(first.TestAccuracy, again.TestAccuracy);
    }
}
