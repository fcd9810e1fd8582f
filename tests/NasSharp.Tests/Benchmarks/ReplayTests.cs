namespace NasSharp.Tests.Benchmarks;

using NasSharp.Benchmarks;

public sealed class ReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ReplayOptions Options(string name) => new()
    {
        Strategies = ["random"], Runs = 5, Budget = 60, Seed = 7, Out = Path.Combine(_dir, name),
        Benchmark = Nb201BenchmarkTests.TableFolder(),
    };

    [Fact]
    public async Task RunAsync_ReaAgainstRandom200Runs_ReaAnswersAreBetterOnAverage()
    {
        // A behaviour test (not a timing): regularized evolution, which exploits the scores it sees, must find better
        // cells than uniform sampling at the same query budget, in the true 200-epoch CIFAR-10 test accuracy.
        var result = await Nb201Replay.RunAsync(Options("rea-vs-random") with
        {
            Strategies = ["random", "rea"], Runs = 200, Budget = 100, ReportBudgets = [100],
        });
        var random = result.Summaries.Single(s => s.Strategy == "random" && s.Budget == 100);
        var rea = result.Summaries.Single(s => s.Strategy == "rea" && s.Budget == 100);
        Assert.Equal((200, 200), (random.Runs, rea.Runs));
        Assert.True(rea.Mean > random.Mean, $"REA {rea.Mean:F2} ± {rea.Std:F2} vs random {random.Mean:F2} ± {random.Std:F2}");
    }

    [Fact]
    public async Task RunAsync_SameSeedTwice_WritesIdenticalCsvs()
    {
        var a = await Nb201Replay.RunAsync(Options("a"));
        var b = await Nb201Replay.RunAsync(Options("b"));
        Assert.Equal(File.ReadAllText(a.Files[0]), File.ReadAllText(b.Files[0]));
        Assert.Equal(File.ReadAllText(a.Files[1]), File.ReadAllText(b.Files[1]));
        Assert.All(a.Files, f => Assert.True(File.Exists(f), f));
        Assert.False(Directory.Exists(Path.Combine(_dir, "a", Nb201Replay.TempFolder))); // run folders are deleted
    }

    [Fact]
    public async Task RunAsync_Random_AnswerIsBestValidSoFarWithItsTrueTestAccuracy()
    {
        var result = await Nb201Replay.RunAsync(Options("c"));
        var table = Nb201Benchmark.Load(Nb201BenchmarkTests.TableFolder());
        Assert.Equal(5, result.Runs.Count);
        foreach (var run in result.Runs)
        {
            Assert.Equal(60, run.Points.Count);
            Assert.Equal(Enumerable.Range(1, 60), run.Points.Select(p => p.Queries));
            for (var i = 1; i < run.Points.Count; i++) Assert.True(run.Points[i].AnswerValid >= run.Points[i - 1].AnswerValid);
            Assert.All(run.Points, p =>
            {
                Assert.Equal(table.At(p.AnswerIndex).Cifar10TestAcc, p.TrueTestAcc);
                Assert.Equal(table.At(p.AnswerIndex).Cifar10ValidAcc12Ep / 100, p.AnswerValid, 9);
            });
        }
        Assert.NotEqual(result.Runs[0].Points[^1].AnswerIndex, result.Runs[1].Points[^1].AnswerIndex); // runs are seeded apart
        Assert.Equal([50, 60], result.Summaries.Select(s => s.Budget));
        var at50 = result.Runs.Select(r => r.TrueTestAt(50)!.Value).ToArray();
        Assert.Equal(at50.Average(), result.Summaries[0].Mean, 9);
    }

    [Fact]
    public async Task RunAsync_StrategyWithoutNb201_FailsNamingTheOnesThatSearchIt()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Nb201Replay.RunAsync(Options("d") with { Strategies = ["enas"] }));
        Assert.Contains("enas", e.Message);
        Assert.Contains("random", e.Message);
    }

    [Fact]
    public void Stats_ThreeValues_SampleStd()
    {
        var (mean, std) = ReplaySummary.Stats([1.0, 2.0, 3.0]);
        Assert.Equal(2.0, mean);
        Assert.Equal(1.0, std, 12);
    }
}
