namespace NasSharp.Tests.Benchmarks;

using NasSharp.Benchmarks;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Tests.Experiments;

public sealed class TableEvaluatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ExperimentConfig TableConfig(int trials = 5) => new()
    {
        Strategy = "random", Space = "nb201", Trials = trials, Evaluator = "table",
        Benchmark = Nb201BenchmarkTests.TableFolder(),
        Budget = new TrialBudget { Data = "/nonexistent/dataset" }, // loading the image data would fail
    };

    [Fact]
    public async Task RunAsync_TableEvaluator_AnswersTrialsFromTheTableWithoutLoadingData()
    {
        var folder = Path.Combine(_dir, "rs");
        using (Experiment.Create(folder, TableConfig())) { }
        using var experiment = Experiment.Open(folder);
        var result = await experiment.RunAsync();
        var table = Nb201Benchmark.Load(Nb201BenchmarkTests.TableFolder());
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(5, result.Trials.Count);
        foreach (var t in result.Trials)
        {
            var e = table.Find((Nb201Genotype)ArchitectureJson.Deserialize(t.ArchitectureJson));
            Assert.Equal(TrialStatus.Succeeded, t.Status);
            Assert.Equal(e.Cifar10ValidAcc12Ep / 100, t.ValidAccuracy!.Value, 9);
            Assert.Equal(e.Cifar10TestAcc / 100, t.TestAccuracy!.Value, 9);
            Assert.Equal((long)Math.Round(e.ParamsMbCifar10 * 1e6), t.Parameters);
            Assert.Null(t.Macs);
            Assert.Equal(e.Cifar100TestAcc12Ep / 100, t.Metrics["nb201_cifar100_test_acc_12ep"], 9);
            Assert.Equal(e.Cifar10TestAcc / 100, t.Metrics[Nb201Entry.Cifar10TestMetric], 9);
        }
        Assert.Equal(result.Trials.Max(t => t.ValidAccuracy), result.Best!.ValidAccuracy);
        Assert.Contains(experiment.Store.Events(), e => e.Message.StartsWith("true CIFAR-10 test accuracy of the answer", StringComparison.Ordinal));
        Assert.Contains("\"evaluator\": \"table\"", File.ReadAllText(Path.Combine(folder, "config.json")));
    }

    [Fact]
    public void Create_TableEvaluatorOnDarts_RefusesNamingNb201AndWritesNothing()
    {
        var folder = Path.Combine(_dir, "darts");
        var e = Assert.Throws<ArgumentException>(() => Experiment.Create(folder, TableConfig() with { Space = "darts" }));
        Assert.Contains("nb201", e.Message);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Create_TableEvaluatorForWeightSharingEnas_RefusesNamingTheTrialBasedStrategies()
    {
        var folder = Path.Combine(_dir, "enas-table");
        var e = Assert.Throws<ArgumentException>(() => Experiment.Create(folder, TableConfig() with { Strategy = "enas" }));
        Assert.Contains("enas scores cells with its own shared weights", e.Message);
        Assert.Contains("random, rea, reinforce", e.Message);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Create_UnknownEvaluator_RefusesNamingTheValidOnes()
    {
        var folder = Path.Combine(_dir, "x");
        var e = Assert.Throws<ArgumentException>(() => Experiment.Create(folder, TableConfig() with { Evaluator = "oracle" }));
        Assert.Contains("oracle", e.Message);
        Assert.Contains("train, table", e.Message);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Create_TableEvaluatorMissingTable_RefusesNamingThePath()
    {
        var folder = Path.Combine(_dir, "x");
        var missing = Path.Combine(_dir, "no-table");
        var e = Assert.Throws<FileNotFoundException>(() => Experiment.Create(folder, TableConfig() with { Benchmark = missing }));
        Assert.Contains(missing, e.Message);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Run_NonNb201Architecture_FailsNamingTheSpace()
    {
        var runner = new TableTrialRunner(Nb201Benchmark.Load(Nb201BenchmarkTests.TableFolder()));
        var outcome = runner.Run(new TrialSpec(1, "k", PublishedArchitectures.Get("DARTS_V2"), 0), CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.Contains("'darts'", outcome.FailureReason);
    }

    [Fact]
    public async Task RunAsync_TrainedNb201Trials_RecordTrueAccuraciesBesideTheirOwnScores()
    {
        var folder = Path.Combine(_dir, "train");
        using var experiment = Experiment.Create(folder, TableConfig(3) with { Evaluator = "train" });
        var result = await experiment.RunAsync(new FakeTrialRunner());
        var table = Nb201Benchmark.Load(Nb201BenchmarkTests.TableFolder());
        foreach (var t in result.Trials)
        {
            var e = table.Find((Nb201Genotype)ArchitectureJson.Deserialize(t.ArchitectureJson));
            Assert.Equal(e.Cifar10TestAcc / 100, t.Metrics[Nb201Entry.Cifar10TestMetric], 9);
            Assert.Equal(e.ImageNet16TestAcc / 100, t.Metrics[Nb201Entry.ImageNet16TestMetric], 9);
            Assert.NotEqual(e.Cifar10ValidAcc12Ep / 100, t.ValidAccuracy); // the fake runner's own score is kept
            Assert.True(t.Metrics.ContainsKey("train_loss"));
        }
        Assert.Contains("true CIFAR-10 test", File.ReadAllText(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public async Task RunAsync_TableNotFound_LogsOneEventAndRecordsNoTrueAccuracy()
    {
        var folder = Path.Combine(_dir, "none");
        using var experiment = Experiment.Create(folder, TableConfig(2) with { Evaluator = "train", Benchmark = Path.Combine(_dir, "no-table") });
        var result = await experiment.RunAsync(new FakeTrialRunner());
        Assert.Single(experiment.Store.Events(), e => e.Message == Nb201Annotator.NotFoundMessage);
        Assert.All(result.Trials, t => Assert.False(t.Metrics.ContainsKey(Nb201Entry.Cifar10TestMetric)));
    }

    [Fact]
    public void Create_NonDurable_StoreRunsWithSynchronousOff()
    {
        using var fast = Experiment.Create(Path.Combine(_dir, "fast"), TableConfig(), durable: false);
        using var safe = Experiment.Create(Path.Combine(_dir, "safe"), TableConfig());
        Assert.Equal(0L, fast.Store.Pragma("synchronous"));
        Assert.Equal(2L, safe.Store.Pragma("synchronous"));
    }
}
