namespace NasSharp.Tests.Experiments;

using System.Text.Json;
using System.Text.Json.Nodes;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Darts;

/// <summary>A tiny real DARTS search through the experiment layer: α and entropy curves, the derived and retrained
/// trials, the answer, NAS-Bench-201, and stop/resume equality.</summary>
public sealed class DartsExperimentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-darts-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static ExperimentConfig Config(string space, int retrain = 0, bool unrolled = false) => new()
    {
        Strategy = "darts", Space = space, Seed = 11, Preset = "cpu-small",
        Budget = new TrialBudget { Channels = 4, Layers = 3, BatchSize = 32, Epochs = 1, TrainLimit = 192, ValidFraction = 0.5, CropPadding = 0, HorizontalFlip = false },
        StrategyOptions = Options(DartsPresets.Options("darts", space, "cpu-small") with
        {
            Epochs = 2, Channels = 4, Layers = space == "nb201" ? 1 : 3, Nodes = 2, BatchSize = 16, StepsPerEpoch = 3, RetrainEpochs = retrain,
            Unrolled = unrolled, ArchLearningRate = 0.05,
        }),
    };

    private static JsonObject Options(DartsOptions o) => JsonSerializer.SerializeToNode(o, NasSharp.Training.ModelFolder.Json)!.AsObject();

    [Fact]
    public async Task Run_DartsWithRetrain_RecordsAlphaAndEntropyCurvesAndDeclaresRetrainedCell()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "darts"), Config("darts", retrain: 1));
        var result = await e.RunAsync();

        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(["derive", "retrain"], result.Trials.Select(t => t.Key));
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        Assert.Equal("retrain", result.Best!.Key);
        Assert.Equal("derive", result.Best.ParentKey);
        var cell = Assert.IsType<CellGenotype>(ArchitectureJson.Deserialize(result.Best.ArchitectureJson));
        Assert.Equal(4, cell.Normal.Edges.Count); // 2 nodes x 2 inputs
        Assert.DoesNotContain(cell.Normal.Edges, edge => edge.Op == OpNames.None);
        foreach (var name in new[] { "supernet_train_loss", "arch_valid_loss", "alpha_entropy_normal", "alpha/normal 2<-0/sep_conv_3x3",
                     "alpha/reduce 3<-2/none", "entropy/normal/3<-1" })
            Assert.Equal([1L, 2], e.Store.Metrics(name).Select(m => m.Step));
        // The mixing weights of an edge are a distribution, and α moved away from its 1e-3 initialisation.
        var edge = OpNames.Darts.Sum(op => e.Store.Metrics($"alpha/normal 2<-0/{op}").Last().Value);
        Assert.Equal(1.0, edge, 4);
        Assert.True(e.Store.Metrics("alpha_entropy_normal").Last().Value < Math.Log(8) - 1e-4);
        Assert.Contains("supernet_valid_accuracy", result.Trials[0].Metrics.Keys);
        Assert.True(File.Exists(Path.Combine(e.Folder, "plots", "entropy_normal.svg")));
        Assert.True(File.Exists(Path.Combine(e.Folder, "plots", "weights_normal_2_-0.svg")) || Directory.GetFiles(Path.Combine(e.Folder, "plots"), "weights_normal*").Length == 5);
        Assert.True(File.Exists(Path.Combine(e.Folder, Experiment.GenotypesFolder, "best.svg")));
    }

    [Fact]
    public async Task Run_SecondOrderStoppedAfterFirstEpochThenResumed_EqualsUninterruptedRun()
    {
        await NasSharp.Tests.Strategies.StrategyRuns.AssertStopAfterEpochThenResumeEqualsUninterrupted(
            Path.Combine(_dir, "ref"), Path.Combine(_dir, "stopped"), Config("darts", unrolled: true));
    }

    [Fact]
    public async Task Run_Nb201_DerivesOneOpPerEdgeAndDeclaresIt()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "nb201"), Config("nb201"));
        var result = await e.RunAsync();
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        var derived = Assert.Single(result.Trials);
        Assert.Equal("derive", derived.Key);
        Assert.Equal("derive", result.Best!.Key);
        var g = Assert.IsType<Nb201Genotype>(ArchitectureJson.Deserialize(derived.ArchitectureJson));
        Assert.Equal(6, g.Ops.Count);
        Assert.Equal([1L, 2], e.Store.Metrics("alpha/cell 3<-2/nor_conv_3x3").Select(m => m.Step));
    }

    [Fact]
    public async Task Run_BatsWithRetrain_SearchesBinaryBlocksAtLowTemperatureAndRetrainsInTwoBinaryStages()
    {
        var config = new ExperimentConfig
        {
            Strategy = "bats", Space = "darts", Seed = 3, Preset = "cpu-small",
            Budget = DartsPresets.Budget("bats", "darts", "cpu-small") with { Channels = 4, Layers = 3, BatchSize = 32, Epochs = 1, Stage2Epochs = 1, TrainLimit = 192, BinaryGroups = 2 },
            StrategyOptions = Options(DartsPresets.Options("bats", "darts", "cpu-small") with
            {
                Epochs = 1, Channels = 4, Layers = 3, Nodes = 2, BatchSize = 16, StepsPerEpoch = 2, RetrainEpochs = 1, BinaryGroups = 2,
            }),
        };
        Assert.Equal(0.2, new BatsDefinition().Options(config).Temperature);
        using var e = Experiment.Create(Path.Combine(_dir, "bats"), config);
        var result = await e.RunAsync();

        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(["derive", "retrain"], result.Trials.Select(t => t.Key));
        var derived = result.Trials[0];
        var retrained = result.Trials[1];
        Assert.Equal(TrialStatus.Succeeded, retrained.Status);
        // The derived trial carries the fully binary child's cost; the retrain trial the stages' accuracies and the same costs.
        foreach (var name in new[] { "bops", "flops", "combined_flops" }) Assert.True(derived.Metrics[name] > 0, name);
        Assert.Equal(derived.Metrics["flops"] + derived.Metrics["bops"] / 64, derived.Metrics["combined_flops"], 3);
        Assert.Contains("stage1_test_accuracy", retrained.Metrics.Keys);
        Assert.Contains("stage2_before_finetune_test_accuracy", retrained.Metrics.Keys);
        Assert.Equal(derived.Metrics["bops"], retrained.Metrics["bops"]);
        var report = File.ReadAllText(Path.Combine(e.Folder, "report.html"));
        Assert.Contains("FLOPs + BOPs/64", report);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(e.Folder, Experiment.ResultFile)));
        Assert.Equal("retrain", summary.RootElement.GetProperty("key").GetString());
        foreach (var name in new[] { "flops", "bops", "combined_flops", "stage1_test_accuracy", "stage2_before_finetune_test_accuracy" })
            Assert.True(summary.RootElement.GetProperty("metrics").TryGetProperty(name, out _), name);
        Assert.True(File.Exists(Path.Combine(e.Folder, "plots", "entropy_reduce.svg")));
    }

    [Fact]
    public void Create_BinaryOnNb201_IsRefusedNamingTheSpace()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DartsSearch(new DartsOptions { Binary = true }, "nb201"));
        Assert.Contains("nb201", ex.Message);
    }
}
