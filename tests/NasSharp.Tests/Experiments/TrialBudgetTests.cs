namespace NasSharp.Tests.Experiments;

using System.Text.Json;
using NasSharp.Experiments;
using NasSharp.Training;

public sealed class TrialBudgetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-budget-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ToTrainingOptions_EveryBudgetValue_ReachesTheTrainer()
    {
        var budget = new TrialBudget { Epochs = 7, BatchSize = 48, LearningRate = 0.08, Cutout = 12, DropPath = 0.3, CropPadding = 2, HorizontalFlip = false };
        var t = budget.ToTrainingOptions(seed: 11);
        Assert.Equal((7, 48, 0.08, 11), (t.Epochs, t.BatchSize, t.LearningRate, t.Seed));
        Assert.Equal((12, 0.3, 2, false), (t.Cutout, t.DropPath, t.CropPadding, t.HorizontalFlip));
        // Everything a budget does not name keeps DARTS's training defaults.
        var darts = new TrainingOptions();
        Assert.Equal((darts.Momentum, darts.WeightDecay, darts.GradClip, darts.Nesterov), (t.Momentum, t.WeightDecay, t.GradClip, t.Nesterov));
    }

    [Fact]
    public void ToTrainingOptions_RetrainRecipeValues_ReachTheTrainer()
    {
        var budget = new TrialBudget
        {
            Nesterov = true, WeightDecay = 5e-4, LearningRateMin = 0.001, RestartPeriod = 10, RestartMultiplier = 3, Dropout = 0.2, Device = "cpu",
        };
        var t = budget.ToTrainingOptions(seed: 1);
        Assert.Equal((true, 5e-4, 0.001, 10, 3, 0.2, "cpu"), (t.Nesterov, t.WeightDecay, t.LearningRateMin, t.RestartPeriod, t.RestartMultiplier, t.Dropout, t.Device));
    }

    [Fact]
    public void ToTrainingOptions_DefaultBudget_KeepsTheTrainerDefaults()
    {
        var t = new TrialBudget().ToTrainingOptions(seed: 0);
        var d = new TrainingOptions();
        Assert.Equal((d.Nesterov, d.WeightDecay, d.LearningRateMin, d.RestartPeriod, d.RestartMultiplier, d.Dropout, d.Device),
            (t.Nesterov, t.WeightDecay, t.LearningRateMin, t.RestartPeriod, t.RestartMultiplier, t.Dropout, t.Device));
    }

    [Fact]
    public void Create_DeviceCudaWithoutCuda_FailsWithTheGpuHintAndWritesNothing()
    {
        if (TorchSharp.torch.cuda.is_available()) return; // the refusal is about machines without CUDA
        var folder = Path.Combine(_dir, "cuda");
        var e = Assert.Throws<ArgumentException>(() => Experiment.Create(folder, new ExperimentConfig { Budget = new TrialBudget { Device = "cuda" } }));
        Assert.StartsWith("--device cuda: CUDA is not available", e.Message);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Deserialize_ConfigWrittenBeforeAugmentationFields_KeepsCropAndFlip()
    {
        // Experiments created before CropPadding/HorizontalFlip existed trained with crop 4 + flip; resuming them must not change that.
        var json = """{"data":"default","epochs":1,"channels":8,"layers":2,"batch_size":64,"learning_rate":0.05,"valid_fraction":0.2}""";
        var budget = JsonSerializer.Deserialize<TrialBudget>(json, ModelFolder.Json)!;
        Assert.Equal((4, true), (budget.CropPadding, budget.HorizontalFlip));
    }

    [Theory]
    [InlineData("epochs", "--epochs")]
    [InlineData("valid", "--valid-fraction")]
    [InlineData("crop", "--crop-padding")]
    [InlineData("droppath", "--drop-path")]
    [InlineData("lr", "--lr")]
    [InlineData("dropout", "no option")]
    [InlineData("restart", "no option")]
    public void Create_BudgetOutOfRange_FailsNamingOptionAndWritesNothing(string field, string option)
    {
        var b = new TrialBudget();
        b = field switch
        {
            "epochs" => b with { Epochs = 0 },
            "valid" => b with { ValidFraction = 1 },
            "crop" => b with { CropPadding = -1 },
            "droppath" => b with { DropPath = 1.5 },
            "dropout" => b with { Dropout = 1 },
            "restart" => b with { RestartMultiplier = 0 },
            _ => b with { LearningRate = double.NaN },
        };
        var folder = Path.Combine(_dir, field);
        var e = Assert.Throws<ArgumentException>(() => Experiment.Create(folder, new ExperimentConfig { Budget = b }));
        Assert.Contains($"({option})", e.Message);
        Assert.False(Directory.Exists(folder));
    }
}
