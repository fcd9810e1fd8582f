namespace NasSharp.Tests.Training;

using NasSharp.Data;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using NasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

public sealed class TrainerTests : IDisposable
{
    private static readonly TrainingOptions Quick = new()
    {
        Epochs = 3, BatchSize = 32, LearningRate = 0.05, CropPadding = 2, HorizontalFlip = true, DropPath = 0, LogEvery = 1000,
    };

    private readonly ImageDataset _train;
    private readonly ImageDataset _test;
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-trainer-").FullName;

    public TrainerTests()
    {
        using var splits = DatasetCatalog.Load("default");
        _train = splits.Train.Subset(Enumerable.Range(0, 2048).Select(i => (long)(i * 4)).ToArray());
        _test = splits.Test.Subset(Enumerable.Range(0, 500).Select(i => (long)(i * 4)).ToArray());
    }

    public void Dispose()
    {
        _train.Dispose();
        _test.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static ClassificationNetwork TinyNetwork(int seed)
    {
        manual_seed(seed);
        return NetworkBuilder.Build(PublishedArchitectures.Get("NB201_RESNET"), new NetworkOptions(1, 28, 10, 4, 1));
    }

    [Fact]
    public void Train_TinyNetworkOnDefaultSlice_LearnsWellAboveChance()
    {
        using var net = TinyNetwork(0);
        var result = new Trainer(Quick).Train(net, _train, _test, Normalization.FromDataset(_train));
        Assert.Equal(3, result.History.Count);
        Assert.True(result.History[2].TrainLoss < result.History[0].TrainLoss, "training loss did not fall");
        Assert.True(result.Final!.Accuracy > 0.5, $"test accuracy {result.Final.Accuracy} is not well above chance (0.1)");
    }

    [Fact]
    public void Train_DeviceCpu_SameHistoryAndWeightsAsTheDefaultDevice()
    {
        var norm = Normalization.FromDataset(_train);
        var options = Quick with { Epochs = 1 };
        using var auto = TinyNetwork(2);
        var a = new Trainer(options).Train(auto, _train, _test, norm);
        using var cpu = TinyNetwork(2);
        var c = new Trainer(options with { Device = "CPU" }).Train(cpu, _train, _test, norm);
        Assert.Equal(a.History.Select(h => (h.TrainLoss, h.TestLoss)), c.History.Select(h => (h.TrainLoss, h.TestLoss)));
        Assert.All(cpu.parameters(), p => Assert.Equal(DeviceType.CPU, p.device_type));
        foreach (var (pa, pc) in auto.parameters().Zip(cpu.parameters())) Assert.True(pa.eq(pc).all().item<bool>());
    }

    [Fact]
    public void Constructor_UnknownDevice_ThrowsListingValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => new Trainer(Quick with { Device = "tpu" }));
        Assert.Contains("cpu, cuda, cuda:N, auto", e.Message);
    }

    [Fact]
    public void Train_StoppedAfterOneEpochThenResumed_EqualsUninterruptedRun()
    {
        var norm = Normalization.FromDataset(_train);
        var options = Quick with { Epochs = 2, DropPath = 0.2 };
        using var straight = TinyNetwork(1);
        var full = new Trainer(options).Train(straight, _train, _test, norm);

        var checkpoint = Path.Combine(_dir, "ckpt.bin");
        using (var first = TinyNetwork(1))
        {
            using var stop = new CancellationTokenSource();
            var trainer = new Trainer(options);
            trainer.EpochCompleted += _ => stop.Cancel();
            var partial = trainer.Train(first, _train, _test, norm, checkpoint, stop.Token);
            Assert.Single(partial.History);
        }
        manual_seed(999); // the resumed run must not depend on the RNG state it starts with
        using var resumedNet = TinyNetwork(7);
        var resumed = new Trainer(options).Train(resumedNet, _train, _test, norm, checkpoint);
        Assert.Equal(1, resumed.ResumedFromEpoch);
        Assert.Equal(full.History[1].TrainLoss, resumed.History[0].TrainLoss, 10);
        Assert.Equal(full.Final!.Loss, resumed.Final!.Loss, 10);
    }

    [Fact]
    public void Train_LossBecomesNaN_StopsWithClearErrorAndKeepsLastCheckpoint()
    {
        var norm = Normalization.FromDataset(_train);
        var checkpoint = Path.Combine(_dir, "ckpt.bin");
        using var net = TinyNetwork(2);
        new Trainer(Quick with { Epochs = 1 }).Train(net, _train, null, norm, checkpoint);
        var good = File.ReadAllBytes(checkpoint);

        var exploding = Quick with { Epochs = 2, LearningRate = 1e12, GradClip = 0 };
        var e = Assert.Throws<NonFiniteLossException>(() => new Trainer(exploding).Train(net, _train, null, norm, checkpoint));
        Assert.Equal(2, e.Epoch);
        Assert.Contains(checkpoint, e.Message);
        Assert.Equal(good, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void CheckpointLoad_CorruptFile_ThrowsNamingFile()
    {
        var path = Path.Combine(_dir, "broken.bin");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
        using var net = TinyNetwork(3);
        using var opt = optim.SGD(net.parameters(), 0.1);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, net, opt));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Train_ReportsProgressWithEpochStepLossAndEta()
    {
        var reports = new List<TrainingProgress>();
        using var net = TinyNetwork(4);
        new Trainer(Quick with { Epochs = 1, LogEvery = 16 }, new SyncProgress(reports.Add)).Train(net, _train, _test, Normalization.FromDataset(_train));
        Assert.Contains(reports, r => r.Phase == "train" && r.Step == 16 && r.Steps == 64);
        var last = reports[^1];
        Assert.Equal("epoch", last.Phase);
        Assert.NotNull(last.TestAccuracy);
        Assert.Contains("epoch 1/1", last.ToString());
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
