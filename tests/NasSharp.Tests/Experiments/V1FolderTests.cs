namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;

/// <summary>Experiment folders written with store schema v1 (<c>Fixtures/v1/</c>) open, migrate to v2 with their data
/// intact, and a killed v1 run resumes to the end.</summary>
public sealed class V1FolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-v1-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Open_RsKilledV1Store_MigratesToV2KeepingEveryTrial()
    {
        var folder = V1Fixture.CopyTo("rs-killed", Path.Combine(_dir, "rs-killed"));
        var db = Path.Combine(folder, Experiment.DatabaseFile);
        Assert.Equal("1", ExperimentStoreV2Tests.Scalar(db, "SELECT value FROM meta WHERE key = 'schema_version'"));

        using (var store = ExperimentStore.Open(db))
        {
            var trials = store.Trials();
            Assert.Equal(["sample-0", "sample-1", "sample-2"], trials.Select(t => t.Key));
            Assert.Equal([TrialStatus.Succeeded, TrialStatus.Succeeded, TrialStatus.Running], trials.Select(t => t.Status));
            Assert.Equal([0.3605, 0.398], trials.Take(2).Select(t => t.ValidAccuracy!.Value));
            Assert.All(trials, t => Assert.Equal(("trial", (string?)null, (string?)null, (int?)null, (string?)null),
                (t.Kind, t.ParentKey, t.BudgetJson, t.Seed, t.ArtefactPath)));
            Assert.Equal(4, store.Metrics().Count);
            Assert.Equal(2, store.LoadStrategyState()!.Value.Step);
            Assert.Equal(ExperimentStatus.Running, store.Info.Status);
            var migrated = store.Events()[^1];
            Assert.Equal((ExperimentStore.MigratedEventKind, "schema 1 -> 2"), (migrated.Kind, migrated.Message));
            Assert.Equal(4, store.Events().Count);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal("2", ExperimentStoreV2Tests.Scalar(db, "SELECT value FROM meta WHERE key = 'schema_version'"));
        using var again = ExperimentStore.Open(db);
        Assert.Single(again.Events(), e => e.Kind == ExperimentStore.MigratedEventKind); // migrated once only
    }

    [Fact]
    public void Open_EnasV1Store_MigratesKeepingTrialsFinalEventAndStateBlob()
    {
        var folder = V1Fixture.CopyTo("enas", Path.Combine(_dir, "enas"));
        using var store = ExperimentStore.Open(Path.Combine(folder, Experiment.DatabaseFile));
        var trials = store.Trials();
        Assert.Equal(["derive-0", "derive-1", "retrain"], trials.Select(t => t.Key));
        Assert.Equal(["derive", "derive", "retrain"], trials.Select(t => t.Kind));
        Assert.All(trials, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        Assert.Equal(0.1435, trials[2].ValidAccuracy);
        Assert.Equal("retrain", store.Events().Last(e => e.Kind == Experiment.FinalEventKind).Message);
        Assert.Equal(ExperimentStatus.Finished, store.Info.Status);
        Assert.Equal(17, store.Metrics().Count);
        Assert.Equal(382093, store.LoadStrategyState()!.Value.State.Length);
        Assert.Null(store.FindStateFile("tensors"));
    }

    [Fact]
    public async Task RunAsync_RsKilledV1Folder_ResumesToFourTrialsWithoutRerunningFinishedOnes()
    {
        var folder = V1Fixture.CopyTo("rs-killed", Path.Combine(_dir, "rs-killed"));
        DateTimeOffset?[] finishedBefore;
        using (var store = ExperimentStore.Open(Path.Combine(folder, Experiment.DatabaseFile)))
            finishedBefore = store.Trials().Take(2).Select(t => t.FinishedAt).ToArray();

        using var e = Experiment.Open(folder);
        var result = await e.RunAsync();

        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(["sample-0", "sample-1", "sample-2", "sample-3"], result.Trials.Select(t => t.Key));
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        Assert.Equal(finishedBefore, result.Trials.Take(2).Select(t => t.FinishedAt));
        Assert.Equal([1, 1], result.Trials.Take(2).Select(t => t.Attempt));
        Assert.Equal(2, result.Trials[2].Attempt); // interrupted by the kill, run again
        Assert.All(result.Trials.Skip(2), t => Assert.Equal(t.ArtefactHash, Sha256(Path.Combine(folder, t.ArtefactPath!))));
        Assert.Equal(ExperimentStatus.Finished, e.Store.Info.Status);
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
        Assert.True(File.Exists(Path.Combine(folder, Experiment.GenotypesFolder, "best.json")));
        Assert.Contains(e.Store.Events(), ev => ev.Kind == "resumed");
    }

    [Fact]
    public async Task RunAsync_FinishedEnasV1Folder_OpensWithItsOldConfigResumesAndReportsTheDeclaredRetrain()
    {
        var folder = V1Fixture.CopyTo("enas", Path.Combine(_dir, "enas"));
        using var e = Experiment.Open(folder);
        // The old typed `enas` options are read as the strategy's options, with the shared model of that time.
        var options = new NasSharp.Strategies.Enas.EnasDefinition().Options(e.Config);
        Assert.Equal((1, 3, 2, 0.0, 0.0), (options.Epochs, options.StepsPerEpoch, options.Nodes, options.AuxiliaryWeight, options.Dropout));

        var result = await e.RunAsync(); // the old in-database state blob (weights inside) loads; nothing is retrained
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(["derive-0", "derive-1", "retrain"], result.Trials.Select(t => t.Key));
        Assert.All(result.Trials, t => Assert.Equal(1, t.Attempt));
        Assert.Equal("retrain", result.Best!.Key);
        var report = File.ReadAllText(e.WriteReport());
        Assert.Contains("Answer (declared by the strategy)", report);
        Assert.Contains("(retrain, kind retrain)", report);
    }

    [Fact]
    public async Task Open_TwoProcessesMigratingTheSameV1StoreAtOnce_BothOpenAndItIsMigratedOnce()
    {
        for (var round = 0; round < 5; round++)
        {
            var folder = V1Fixture.CopyTo("rs-killed", Path.Combine(_dir, $"race-{round}"));
            var db = Path.Combine(folder, Experiment.DatabaseFile);
            using var start = new Barrier(2);
            var opens = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                using var store = ExperimentStore.Open(db);
                return store.Trials().Count;
            })).ToArray();
            var counts = await Task.WhenAll(opens);
            Assert.Equal(new[] { 3, 3 }, counts);
            using var after = ExperimentStore.Open(db);
            Assert.Single(after.Events(), e => e.Kind == ExperimentStore.MigratedEventKind);
        }
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
}
