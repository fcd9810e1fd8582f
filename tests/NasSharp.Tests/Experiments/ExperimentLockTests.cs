namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;

/// <summary>One writer per experiment folder: a second run of a folder being run is refused before it changes
/// anything, naming the process that runs it; a lock left by a dead run does not block.</summary>
public sealed class ExperimentLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-lock-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static ExperimentConfig Config => new() { Strategy = "random", Space = "nb201", Trials = 3, Seed = 2 };

    [Fact]
    public async Task RunAsync_FolderBeingRun_SecondRunThrowsLockedNamingProcessAndStoreUntouched()
    {
        var folder = Path.Combine(_dir, "e");
        var blocking = new GatedTrialRunner();
        using var first = Experiment.Create(folder, Config);
        var running = first.RunAsync(blocking);
        try
        {
            Assert.True(blocking.Entered.Wait(TimeSpan.FromSeconds(30)), "the first run never started a trial");
            using var second = Experiment.Open(folder);
            var infoBefore = second.Store.Info;
            var trialsBefore = second.Store.Trials();
            var eventsBefore = second.Store.Events();
            var secondRunner = new FakeTrialRunner();

            var e = await Assert.ThrowsAsync<ExperimentLockedException>(() => second.RunAsync(secondRunner));

            Assert.Contains($"'{folder}' is being run by process {Environment.ProcessId} on {Environment.MachineName} (started ", e.Message);
            Assert.Contains($"wait for it to finish or stop it (Ctrl-C / kill {Environment.ProcessId}) before running it again", e.Message);
            Assert.Equal(Environment.ProcessId, e.HolderPid);
            Assert.Equal(infoBefore, second.Store.Info);
            Assert.Equal(ExperimentStatus.Running, second.Store.Info.Status);
            Assert.Equal(trialsBefore, second.Store.Trials(), TrialComparer);
            Assert.Equal(eventsBefore, second.Store.Events());
            Assert.Empty(secondRunner.Calls);
        }
        finally
        {
            blocking.Release();
        }

        var result = await running;
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.False(File.Exists(Path.Combine(folder, "experiment.lock.json")), "the holder's details outlive the run");
    }

    [Fact]
    public async Task RunAsync_StaleLockFilesOfDeadRun_DoNotBlock()
    {
        var folder = Path.Combine(_dir, "stale");
        using var e = Experiment.Create(folder, Config);
        File.WriteAllText(Path.Combine(folder, "experiment.lock"), "left by a killed run");
        File.WriteAllText(Path.Combine(folder, "experiment.lock.json"),
            """{ "pid": 999999, "host": "gone", "started": "2026-01-01T00:00:00+00:00", "command_line": "nas search" }""");

        var result = await e.RunAsync(new FakeTrialRunner());

        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(3, result.Trials.Count);
    }

    [Fact]
    public async Task RunAsync_AfterRunEnded_FolderCanBeRunAgain()
    {
        var folder = Path.Combine(_dir, "again");
        using (var e = Experiment.Create(folder, Config))
            await e.RunAsync(new FakeTrialRunner());
        var runner = new FakeTrialRunner();
        using var reopened = Experiment.Open(folder);
        Assert.Equal(ExperimentStatus.Finished, (await reopened.RunAsync(runner)).Status);
        Assert.Empty(runner.Calls);
    }

    private static readonly IEqualityComparer<TrialRecord> TrialComparer = EqualityComparer<TrialRecord>.Create(
        (a, b) => a! with { Metrics = b!.Metrics } == b, t => t.Id.GetHashCode());
}
