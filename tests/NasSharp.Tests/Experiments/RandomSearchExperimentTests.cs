namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;

public sealed class RandomSearchExperimentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-search-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static ExperimentConfig Config => new() { Strategy = "random", Space = "nb201", Trials = 8, Seed = 3 };

    [Fact]
    public async Task Run_WithInjectedFailures_RecordsFailuresAsDataAndPicksBestSucceeded()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "a"), Config);
        var result = await e.RunAsync(new FakeTrialRunner(fails: k => k is "sample-2" or "sample-5"));
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(8, result.Trials.Count);
        Assert.Equal(["sample-2", "sample-5"], result.Trials.Where(t => t.Status == TrialStatus.Failed).Select(t => t.Key));
        Assert.All(result.Trials.Where(t => t.Status == TrialStatus.Failed), t => Assert.Contains("injected failure", t.FailureReason));
        var best = result.Trials.Where(t => t.Status == TrialStatus.Succeeded).MaxBy(t => t.ValidAccuracy);
        Assert.Equal(best!.Key, result.Best!.Key);
        Assert.Contains(e.Store.Events(), ev => ev.Kind == "trial_failed" && ev.Message.Contains("sample-2"));
        Assert.True(File.Exists(Path.Combine(e.Folder, Experiment.GenotypesFolder, "best.json")));
        Assert.True(File.Exists(Path.Combine(e.Folder, "report.html")));
    }

    [Fact]
    public async Task Run_EveryTrialFails_EndsNormallyWithEveryFailureStored()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "all-fail"), Config);
        var result = await e.RunAsync(new FakeTrialRunner(fails: _ => true));
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Null(result.Best);
        Assert.Equal(8, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal((TrialStatus.Failed, true), (t.Status, t.FailureReason!.Contains("injected failure"))));
        Assert.Equal(8, e.Store.LoadStrategyState()!.Value.Step); // every trial checkpointed the (finite) state
        Assert.Contains(e.Store.Events(), ev => ev.Kind == "finished" && ev.Message.Contains("no trial succeeded"));
        Assert.True(File.Exists(Path.Combine(e.Folder, "report.html")));
    }

    [Fact]
    public async Task Run_SameSeed_ProposesSameArchitectures()
    {
        using var a = Experiment.Create(Path.Combine(_dir, "a"), Config);
        using var b = Experiment.Create(Path.Combine(_dir, "b"), Config);
        var ra = await a.RunAsync(new FakeTrialRunner());
        var rb = await b.RunAsync(new FakeTrialRunner());
        Assert.Equal(ra.Trials.Select(t => t.ArchitectureHash), rb.Trials.Select(t => t.ArchitectureHash));
        Assert.True(ra.Trials.Select(t => t.ArchitectureHash).Distinct().Count() > 4, "samples should differ from each other");
    }

    [Fact]
    public async Task Run_StoppedThenResumed_EqualsUninterruptedAndDoesNotRerunFinishedTrials()
    {
        using (var reference = Experiment.Create(Path.Combine(_dir, "ref"), Config))
            await reference.RunAsync(new FakeTrialRunner());

        var folder = Path.Combine(_dir, "stopped");
        var firstRunner = new FakeTrialRunner();
        using (var e = Experiment.Create(folder, Config))
        {
            using var stop = new CancellationTokenSource();
            var progress = new SyncProgress<SearchProgress>(p => { if (p.Completed == 3) stop.Cancel(); });
            var stopped = await e.RunAsync(firstRunner, progress, stop.Token);
            Assert.Equal(ExperimentStatus.Stopped, stopped.Status);
        }
        var secondRunner = new FakeTrialRunner();
        using (var e = Experiment.Open(folder))
        {
            var resumed = await e.RunAsync(secondRunner);
            Assert.Equal(ExperimentStatus.Finished, resumed.Status);
        }
        Assert.Empty(secondRunner.Calls.Intersect(firstRunner.Calls.Take(3)));
        Assert.Equal(8, firstRunner.Calls.Union(secondRunner.Calls).Count());

        using var r = Experiment.Open(Path.Combine(_dir, "ref"));
        using var s = Experiment.Open(folder);
        Assert.Equal(TrialTable(r), TrialTable(s));
        Assert.Equal(r.Result(ExperimentStatus.Finished).Best!.Key, s.Result(ExperimentStatus.Finished).Best!.Key);
        Assert.Equal(r.Store.Metrics().Select(m => (m.Step, m.Name, m.Value)), s.Store.Metrics().Select(m => (m.Step, m.Name, m.Value)));
    }

    internal static IEnumerable<string> TrialTable(Experiment e) =>
        e.Store.Trials().Select(t => $"{t.Id} {t.Key} {t.ArchitectureHash} {t.Status} {t.ValidAccuracy:R} {t.TestAccuracy:R} {t.Parameters} {t.Macs}");

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
