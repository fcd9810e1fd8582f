namespace NasSharp.Tests.Cli;

using NasSharp.Tests.Benchmarks;

public sealed class Bench201CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-cli-nb201-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ArchShow_Nb201Best_PrintsTrueAccuraciesAndTheTable()
    {
        var (exit, output, _) = CliRunner.Run("arch", "show", "NB201_BEST", "--benchmark", Nb201BenchmarkTests.TableFolder());
        Assert.Equal(0, exit);
        Assert.Contains("CIFAR-10 test 94.37%", output);
        Assert.Contains("CIFAR-100 test", output);
        Assert.Contains("ImageNet16-120 test", output);
        Assert.Contains("12 epochs", output);
        Assert.Contains(Nb201BenchmarkTests.TableFolder(), output);
    }

    [Fact]
    public void Top_Cifar10Three_StartsWith6111()
    {
        var (exit, output, _) = CliRunner.Run("bench201", "top", "--n", "3");
        Assert.Equal(0, exit);
        var rows = output.Split('\n').Where(l => l.TrimStart().StartsWith('1') || l.TrimStart().StartsWith('2') || l.TrimStart().StartsWith('3')).ToArray();
        Assert.Contains("6111", rows[0]);
        Assert.Contains("94.37%", rows[0]);
        Assert.Equal(3, rows.Length);
    }

    [Fact]
    public void Top_UnknownDataset_FailsNamingTheValidOnes()
    {
        var (exit, _, error) = CliRunner.Run("bench201", "top", "--dataset", "svhn");
        Assert.Equal(1, exit);
        Assert.Contains("imagenet16-120", error);
    }

    [Fact]
    public void Lookup_Index1835_PrintsEveryColumn()
    {
        var (exit, output, _) = CliRunner.Run("bench201", "lookup", "1835");
        Assert.Equal(0, exit);
        Assert.Contains("cifar10_test_acc: 54.29", output);
        Assert.Contains("imagenet16_120_test_acc_12ep:", output);
        Assert.Contains("params_mb_cifar10: 0.073306", output);
    }

    [Fact]
    public void Stats_AllNoneString_RanksLast()
    {
        var (exit, output, _) = CliRunner.Run("bench201", "stats", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        Assert.Equal(0, exit);
        Assert.Contains("index 1651", output);
        Assert.Contains("cifar10", output);
        Assert.Contains("imagenet16-120", output);
    }

    [Fact]
    public void Lookup_MissingBenchmark_FailsNamingIt()
    {
        var missing = Path.Combine(_dir, "nope");
        var (exit, _, error) = CliRunner.Run("bench201", "lookup", "0", "--benchmark", missing);
        Assert.Equal(1, exit);
        Assert.Contains(missing, error);
    }

    [Fact]
    public void SearchTable_Random_PrintsTheAnswersTrueAccuracy()
    {
        var folder = Path.Combine(_dir, "rs");
        var (exit, output, error) = CliRunner.Run("search", "--strategy", "random", "--space", "nb201", "--trials", "8", "--evaluator", "table",
            "--benchmark", Nb201BenchmarkTests.TableFolder(), "--plain", "--out", folder);
        Assert.True(exit == 0, error);
        Assert.Contains("true CIFAR-10 test accuracy of the answer (NAS-Bench-201):", output);
        Assert.False(Directory.Exists(Path.Combine(folder, "trials")));
    }

    [Fact]
    public void SearchTable_Darts_FailsNamingNb201AndWritesNothing()
    {
        var folder = Path.Combine(_dir, "d");
        var (exit, _, error) = CliRunner.Run("search", "--strategy", "random", "--space", "darts", "--evaluator", "table", "--out", folder);
        Assert.Equal(1, exit);
        Assert.Contains("nb201", error);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Replay_RandomFiveRuns_PrintsTheTableAndWritesTheFiles()
    {
        var folder = Path.Combine(_dir, "replay");
        var (exit, output, error) = CliRunner.Run("bench201", "replay", "--strategy", "random", "--runs", "5", "--budget", "100", "--out", folder);
        Assert.True(exit == 0, error);
        Assert.Contains("runs/s", output);
        Assert.Contains("100 queries", output);
        Assert.Contains("50 queries", output);
        foreach (var f in new[] { "replay.csv", "summary.csv", "replay.svg", "replay.png" })
            Assert.True(File.Exists(Path.Combine(folder, f)), f);
        Assert.Equal(1 + 5 * 100, File.ReadAllLines(Path.Combine(folder, "replay.csv")).Length);
    }
}
