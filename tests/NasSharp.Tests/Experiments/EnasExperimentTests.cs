namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Enas;

/// <summary>A tiny real ENAS search through the experiment layer: metrics, derived trials, retraining, the declared
/// answer, and stop/resume equality.</summary>
public sealed class EnasExperimentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-enas-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static ExperimentConfig Config(string space, int retrain = 0) => new()
    {
        Strategy = "enas", Space = space, Seed = 5,
        Budget = new TrialBudget { Channels = 4, Layers = 3, BatchSize = 32, Epochs = 2, TrainLimit = 256, ValidFraction = 0.05 },
        Preset = "cpu-small",
        StrategyOptions = Options(EnasOptions.ForSpace(space, "cpu-small") with
        {
            Epochs = 3, Channels = 4, Layers = space switch { "enas-micro" => 3, "nb201" => 1, _ => 4 }, BatchSize = 16, StepsPerEpoch = 4, ControllerSteps = 2,
            ControllerAggregate = 3, DeriveSamples = 3, RetrainEpochs = retrain,
        }),
    };

    private static System.Text.Json.Nodes.JsonObject Options(EnasOptions o) =>
        System.Text.Json.JsonSerializer.SerializeToNode(o, NasSharp.Training.ModelFolder.Json)!.AsObject();

    [Fact]
    public async Task Run_MicroWithRetrain_RecordsCurvesDerivedTrialsAndDeclaresRetrainedAnswer()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "micro"), Config("enas-micro", retrain: 1));
        var result = await e.RunAsync();

        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(["derive-0", "derive-1", "derive-2", "retrain"], result.Trials.Select(t => t.Key));
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        Assert.Equal("retrain", result.Best!.Key);
        Assert.NotNull(result.Best.TestAccuracy);
        var bestDerived = result.Trials.Where(t => t.Key.StartsWith("derive", StringComparison.Ordinal)).MaxBy(t => t.ValidAccuracy)!;
        Assert.Equal(bestDerived.ArchitectureHash, result.Best.ArchitectureHash);
        foreach (var name in new[] { "reward", "entropy", "baseline", "shared_train_loss", "alpha/normal/sep_conv_3x3", "alpha/reduce/skip_connect" })
            Assert.Equal([1L, 2, 3], e.Store.Metrics(name).Select(m => m.Step));
        new EnasMicroSearchSpace().Validate((CellGenotype)ArchitectureJson.Deserialize(result.Best.ArchitectureJson));
        foreach (var file in new[] { "best.json", "best.txt", "best.svg" })
            Assert.True(File.Exists(Path.Combine(e.Folder, Experiment.GenotypesFolder, file)), file);
        var report = File.ReadAllText(Path.Combine(e.Folder, "report.html"));
        Assert.Contains("alpha", report);
        Assert.Contains("Answer (declared by the strategy)", report);
        Assert.Contains("(retrain, kind retrain)", report);
        Assert.True(File.Exists(Path.Combine(e.Folder, "plots", "error_vs_cost_derive.svg")));
        // The supernet, controller and optimisers live in a hashed tensor file; the store keeps a small state.
        Assert.True(e.Store.LoadStrategyState()!.Value.State.Length < 1000);
        var tensors = e.Store.FindStateFile("tensors")!;
        Assert.Equal("strategy/state-3.bin", tensors.Path);
        Assert.Equal(new FileInfo(Path.Combine(e.Folder, tensors.Path)).Length, tensors.Bytes);
        Assert.Equal(["derive", "derive", "derive", "retrain"], result.Trials.Select(t => t.Kind));
        Assert.Equal(bestDerived.Key, result.Best.ParentKey);
        // The retrain trial ran for RetrainEpochs (1), not the experiment budget's 2 epochs.
        Assert.Equal(1, NasSharp.Training.Checkpoint.ReadEpochsDone(
            Path.Combine(e.Folder, Experiment.TrialsFolder, "retrain", NasSharp.Training.ModelFolder.CheckpointFile)));
    }

    [Fact]
    public async Task Run_BatchLargerThanTrainingSplit_FailsNamingDataAndBatchSize()
    {
        var config = Config("enas-micro");
        using var e = Experiment.Create(Path.Combine(_dir, "big-batch"), config with { StrategyOptions = Options(new EnasDefinition().Options(config) with { BatchSize = 1000 }) });
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => e.RunAsync());
        Assert.Contains("fewer than one batch of 1000", ex.Message);
        Assert.Contains("default", ex.Message);
        Assert.Equal(ExperimentStatus.Failed, e.Store.Info.Status);
    }

    [Fact]
    public async Task Run_MacroStoppedAfterFirstEpochThenResumed_EqualsUninterruptedRun()
    {
        var folder = Path.Combine(_dir, "stopped");
        await NasSharp.Tests.Strategies.StrategyRuns.AssertStopAfterEpochThenResumeEqualsUninterrupted(Path.Combine(_dir, "ref"), folder, Config("enas-macro"));
        using var s = Experiment.Open(folder);
        Assert.IsType<EnasMacroGenotype>(ArchitectureJson.Deserialize(s.Result(ExperimentStatus.Finished).Best!.ArchitectureJson));
    }

    [Fact]
    public async Task Run_Nb201_SearchesCellsWithOneOpPerEdgeAndDeclaresTheBestDerived()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "nb201"), Config("nb201"));
        var result = await e.RunAsync();
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(["derive-0", "derive-1", "derive-2"], result.Trials.Select(t => t.Key));
        Assert.All(result.Trials, t => Assert.IsType<Nb201Genotype>(ArchitectureJson.Deserialize(t.ArchitectureJson)));
        var best = result.Trials.MaxBy(t => t.ValidAccuracy)!;
        Assert.Equal(best.Key, result.Best!.Key);
        foreach (var name in new[] { "reward", "alpha/edge0/nor_conv_3x3", "alpha/edge5/none" })
            Assert.Equal([1L, 2, 3], e.Store.Metrics(name).Select(m => m.Step));
        Assert.Contains("|", File.ReadAllText(Path.Combine(e.Folder, Experiment.GenotypesFolder, "best.txt")));
    }
}
