namespace NasSharp.Tests.Training;

using NasSharp.Experiments;
using NasSharp.Networks;
using NasSharp.Ops.Binary;
using NasSharp.SearchSpaces;
using NasSharp.Training;

public sealed class TwoStageTrialTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-binary-trial-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrialBudget Budget => new()
    {
        Epochs = 1, Stage2Epochs = 1, Channels = 8, Layers = 2, BatchSize = 64, LearningRate = 1e-3, Optimizer = "adam",
        TrainLimit = 256, CropPadding = 0, HorizontalFlip = false, Binary = true, BinaryGroups = 4,
    };

    [Fact]
    public void Run_BinaryBudget_ReportsTheFullyBinaryNetworkAndTheStageMetrics()
    {
        var budget = Budget;
        budget.Validate();
        using var data = SearchData.Load(budget, seed: 0);
        var trials = Path.Combine(_dir, "trials");
        var runner = new TrainingTrialRunner(budget, trials, data);
        var outcome = runner.Run(new TrialSpec(1, "t1", PublishedArchitectures.Get("DARTS_V2"), 3), CancellationToken.None);
        Assert.True(outcome.Succeeded);
        foreach (var key in new[] { "stage1_test_accuracy", "stage2_before_finetune_test_accuracy", "stage1_valid_accuracy", "bops", "flops", "combined_flops" })
            Assert.True(outcome.Metrics.ContainsKey(key), $"metric {key} missing");
        Assert.True(outcome.Metrics["bops"] > 0);
        Assert.Equal(outcome.Metrics["flops"] + outcome.Metrics["bops"] / 64, outcome.Metrics["combined_flops"], 6);
        Assert.Equal((double)outcome.Macs!.Value, outcome.Metrics["flops"] + outcome.Metrics["bops"]);
        Assert.True(File.Exists(Path.Combine(trials, "t1", ModelFolder.Stage1CheckpointFile)));
        Assert.True(File.Exists(Path.Combine(trials, "t1", ModelFolder.Stage2CheckpointFile)));

        // The saved artefact is the binary network: it loads into a binary build, and with weights binarised it scores
        // the trial's test accuracy.
        using var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 8, 2, Binary: true, BinaryGroups: 4));
        net.load(Path.Combine(_dir, outcome.Artefact!.Path));
        BinaryConv2d.SetWeightBinarization(net, true);
        var test = Evaluator.Evaluate(net, new NasSharp.Data.BatchLoader(data.Test, 256, data.Normalization, null, shuffle: false));
        Assert.Equal(outcome.TestAccuracy!.Value, test.Accuracy, 6);
    }

    [Fact]
    public void Validate_BinaryBudgetWithIndivisibleChannels_NamesTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => (Budget with { BinaryGroups = 12 }).Validate());
        Assert.Contains("--binary-groups", e.Message);
        var o = Assert.Throws<ArgumentException>(() => (Budget with { Optimizer = "lamb" }).Validate());
        Assert.Contains("--optimizer", o.Message);
    }
}
