namespace NasSharp.Tests.Training;

using NasSharp.Data;
using NasSharp.Networks;
using NasSharp.Ops.Binary;
using NasSharp.SearchSpaces;
using NasSharp.Training;
using static TorchSharp.torch;

public sealed class TwoStageBinaryTrainingTests : IDisposable
{
    private static readonly TrainingOptions Tiny = new()
    {
        Epochs = 1, BatchSize = 64, Optimizer = "adam", LearningRate = 1e-3, CropPadding = 0, HorizontalFlip = false, DropPath = 0, LogEvery = 1000,
    };

    private readonly ImageDataset _train;
    private readonly ImageDataset _test;
    private readonly Normalization _norm;
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-twostage-").FullName;

    public TwoStageBinaryTrainingTests()
    {
        using var splits = DatasetCatalog.Load("default");
        _train = splits.Train.Subset(Enumerable.Range(0, 256).Select(i => (long)(i * 37)).ToArray());
        _test = splits.Test.Subset(Enumerable.Range(0, 200).Select(i => (long)(i * 9)).ToArray());
        _norm = Normalization.FromDataset(_train);
    }

    public void Dispose()
    {
        _train.Dispose();
        _test.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static ClassificationNetwork TinyBinary()
    {
        manual_seed(4);
        return NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 8, 2, Binary: true, BinaryGroups: 4));
    }

    private (string, string) Checkpoints(string name) => (Path.Combine(_dir, name, "s1.bin"), Path.Combine(_dir, name, "s2.bin"));

    private TwoStageResult Run(string name, int stage2Epochs = 1, Func<int, EpochMetrics, bool>? stopAfter = null, ClassificationNetwork? network = null)
    {
        using var cts = new CancellationTokenSource();
        var recipe = new TwoStageBinaryTraining(Tiny, stage2Epochs);
        if (stopAfter is not null) recipe.EpochCompleted += (stage, m) => { if (stopAfter(stage, m)) cts.Cancel(); };
        var (s1, s2) = Checkpoints(name);
        using var owned = network is null ? TinyBinary() : null;
        return recipe.Train(network ?? owned!, _train, _test, _norm, s1, s2, cancellation: cts.Token);
    }

    [Fact]
    public void Train_OnePlusOneEpochs_ReturnsThreeAccuraciesAndLeavesTheWeightsBinary()
    {
        using var net = TinyBinary();
        var r = Run("straight", network: net);
        foreach (var acc in new[] { r.Stage1.Accuracy, r.Stage2BeforeFineTuning.Accuracy, r.Stage2.Accuracy }) Assert.InRange(acc, 0, 1);
        Assert.Equal(200, r.Stage2.Count);
        Assert.Equal((1, 1), (r.Stage1Training!.History.Count, r.Stage2Training.History.Count));
        Assert.Equal(0, r.Stage2Training.ResumedFromEpoch); // stage 2 starts its own checkpoint (and a fresh optimiser)
        var layers = BinaryConv2d.Layers(net).ToArray();
        Assert.All(layers, l => Assert.True(l.BinarizeWeights));
        foreach (var layer in layers)
        {
            using var w = layer.EffectiveWeight().detach();
            for (var o = 0; o < w.shape[0]; o++)
            {
                var (values, _, _) = w[o].unique();
                using (values)
                {
                    var v = values.data<float>().ToArray();
                    Assert.InRange(v.Length, 1, 2); // ±alpha (one value only when a channel's signs all agree)
                    Assert.Equal(MathF.Abs(v[0]), MathF.Abs(v[^1]), 6);
                }
            }
        }
        Assert.True(r.Cost.Bops > 0 && r.Cost.Flops > 0);
        Assert.Equal(r.Cost.Flops + r.Cost.Bops / 64.0, r.Cost.Combined);
    }

    [Fact]
    public void Train_StoppedAfterStage1ThenRerun_DoesNotRetrainStage1AndMatchesAStraightRun()
    {
        var straight = Run("a");
        Assert.Throws<OperationCanceledException>(() => Run("b", stopAfter: (stage, _) => stage == 1));
        var (s1, s2) = Checkpoints("b");
        Assert.True(File.Exists(s1));
        Assert.False(File.Exists(s2));
        var resumed = Run("b");
        Assert.Equal((1, 0), (resumed.Stage1Training!.ResumedFromEpoch, resumed.Stage1Training.History.Count)); // stage 1 not retrained
        Assert.Single(resumed.Stage2Training.History);
        Assert.Equal(straight.Stage1.Accuracy, resumed.Stage1.Accuracy);
        Assert.Equal(straight.Stage2BeforeFineTuning.Accuracy, resumed.Stage2BeforeFineTuning.Accuracy);
        Assert.Equal(straight.Stage2.Loss, resumed.Stage2.Loss, 5);
    }

    [Fact]
    public void Train_StoppedMidStage2ThenRerun_ResumesStage2FromItsCheckpointWithoutTouchingStage1()
    {
        Assert.Throws<OperationCanceledException>(() => Run("c", stage2Epochs: 2, stopAfter: (stage, m) => stage == 2 && m.Epoch == 1));
        var (s1, s2) = Checkpoints("c");
        Assert.Equal(1, Checkpoint.ReadEpochsDone(s2));
        var stage1Written = File.GetLastWriteTimeUtc(s1);
        var resumed = Run("c", stage2Epochs: 2);
        Assert.Null(resumed.Stage1Training); // stage 2's checkpoint means stage 1 is done
        Assert.Equal((1, 1), (resumed.Stage2Training.ResumedFromEpoch, resumed.Stage2Training.History.Count));
        Assert.Equal(stage1Written, File.GetLastWriteTimeUtc(s1));
        // Stage 1's numbers come from its results file, stage 2 continues with its Adam state: as one uninterrupted run.
        var straight = Run("c-straight", stage2Epochs: 2);
        Assert.Equal(straight.Stage1.Accuracy, resumed.Stage1.Accuracy);
        Assert.Equal(straight.Stage2BeforeFineTuning.Accuracy, resumed.Stage2BeforeFineTuning.Accuracy);
        Assert.Equal(straight.Stage2.Loss, resumed.Stage2.Loss, 5);
    }

    [Fact]
    public void Train_MoreSteps_BothStagesLearnWellAboveChance()
    {
        using var splits = DatasetCatalog.Load("default");
        using var train = splits.Train.Subset(Enumerable.Range(0, 1024).Select(i => (long)(i * 9)).ToArray());
        using var net = TinyBinary();
        var recipe = new TwoStageBinaryTraining(Tiny with { Epochs = 3, BatchSize = 32, LearningRate = 5e-3 }, 1);
        var (s1, s2) = Checkpoints("learn");
        var r = recipe.Train(net, train, _test, Normalization.FromDataset(train), s1, s2);
        Assert.True(r.Stage1.Accuracy > 0.4, $"stage 1 accuracy {r.Stage1.Accuracy} is not well above chance (0.1)");
        Assert.True(r.Stage2.Accuracy > 0.25, $"stage 2 (fully binary) accuracy {r.Stage2.Accuracy} is not well above chance (0.1)");
        Console.WriteLine($"learn: stage1 {r.Stage1.Accuracy} before {r.Stage2BeforeFineTuning.Accuracy} stage2 {r.Stage2.Accuracy} cost {r.Cost}");
    }

    [Fact]
    public void Train_RealNetwork_RefusesNamingTheBinaryOption()
    {
        manual_seed(1);
        using var real = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 8, 2));
        var (s1, s2) = Checkpoints("real");
        var e = Assert.Throws<ArgumentException>(() => new TwoStageBinaryTraining(Tiny).Train(real, _train, _test, _norm, s1, s2));
        Assert.Contains("--binary", e.Message);
    }
}
