namespace NasSharp.Tests.Experiments;

using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using NasSharp.Experiments;

public sealed class ExperimentStoreTests : IDisposable
{
    private const string ArchJson = """
        { "format": "nassharp-architecture", "version": 1,
          "ops": [ "nor_conv_3x3", "skip_connect" ] }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-store-").FullName;
    private readonly ManualTimeProvider _clock = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Create_ThenReopen_RoundTripsEveryRecordExactly()
    {
        string path = DbPath();
        var info = NewInfo();
        TrialRecord ok, failed, queued;
        List<MetricPoint> points;
        List<ExperimentEvent> events;
        byte[] state = [1, 2, 3, 0, 255];
        using (var store = ExperimentStore.Create(path, info, _clock))
        {
            _clock.Advance();
            store.SetStatus(ExperimentStatus.Running);
            _clock.Advance();
            var a = store.AddTrial("sample-0", ArchJson, "nb201");
            _clock.Advance();
            store.StartTrial(a.Id);
            _clock.Advance();
            ok = store.CompleteTrial(a.Id, new TrialOutcome(
                true, null, 0.9123456789, 0.8765, 1_234_567, 98_765_432_100, 1.25, 12.5,
                new Dictionary<string, double> { ["train_loss"] = 0.1 + 0.2, ["nan"] = double.NaN, ["inf"] = double.PositiveInfinity }));
            var b = store.AddTrial("sample-1", "[1,2]", "nb201");
            store.StartTrial(b.Id);
            _clock.Advance();
            failed = store.CompleteTrial(b.Id, TrialOutcome.Failure("InvalidOperationException: NaN loss", 0.75));
            queued = store.AddTrial("sample-2", "{}", "darts");
            points =
            [
                new(2, "loss", 0.5, _clock.Advance()),
                new(1, "loss", 0.7, _clock.Advance()),
                new(1, "reward", double.NaN, _clock.Advance()),
                new(1, "alpha/normal/0/sep_conv_3x3", -1e-300, _clock.Advance().ToOffset(TimeSpan.FromHours(-5))),
            ];
            store.AddMetrics(points);
            store.AddEvent("note", "hello, wörld");
            store.SaveStrategyState(state, 42);
            _clock.Advance();
            store.SetStatus(ExperimentStatus.Finished);
            events = store.Events().ToList();
        }

        using var reopened = ExperimentStore.Open(path, _clock);
        Assert.Equal(System.IO.Path.GetFullPath(path), reopened.Path);
        var expectedInfo = info with
        {
            Status = ExperimentStatus.Finished, UpdatedAt = _clock.GetUtcNow(), FinishedAt = _clock.GetUtcNow(),
        };
        Assert.Equal(expectedInfo, reopened.Info);
        var trials = reopened.Trials();
        Assert.Equal(3, trials.Count);
        AssertTrialEqual(ok, trials[0]);
        AssertTrialEqual(failed, trials[1]);
        AssertTrialEqual(queued, trials[2]);
        Assert.Equal(0.1 + 0.2, trials[0].Metrics["train_loss"]);
        Assert.True(double.IsNaN(trials[0].Metrics["nan"]));
        Assert.Equal(double.PositiveInfinity, trials[0].Metrics["inf"]);
        AssertTrialEqual(ok, reopened.FindTrial("sample-0")!);
        Assert.Equal(
            points.OrderBy(p => p.Step).ThenBy(points.IndexOf),
            reopened.Metrics());
        Assert.Equal(events, reopened.Events());
        Assert.Equal(["created", "status", "note", "status"], events.Select(e => e.Kind));
        Assert.Equal("Running -> Finished", events[^1].Message);
        var loaded = reopened.LoadStrategyState();
        Assert.NotNull(loaded);
        Assert.Equal(state, loaded.Value.State);
        Assert.Equal(42, loaded.Value.Step);
    }

    [Fact]
    public void Create_FileExists_ThrowsAndKeepsFile()
    {
        string path = DbPath();
        File.WriteAllText(path, "precious");
        var e = Assert.Throws<ExperimentStoreException>(() => ExperimentStore.Create(path, NewInfo(), _clock));
        Assert.Contains(path, e.Message);
        Assert.Equal("precious", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Create_NewStore_UsesWalAndFullSyncAndLeavesNoTempFiles()
    {
        string path = System.IO.Path.Combine(_dir, "sub", "folder", "experiment.db");
        using var store = ExperimentStore.Create(path, NewInfo(), _clock);
        Assert.Equal("wal", store.Pragma("journal_mode"));
        Assert.Equal(2L, store.Pragma("synchronous"));
        Assert.Equal(1L, store.Pragma("foreign_keys"));
        Assert.DoesNotContain(Directory.GetFiles(System.IO.Path.GetDirectoryName(path)!), f => f.Contains(".creating-"));
        var ev = Assert.Single(store.Events());
        Assert.Equal(new ExperimentEvent(_clock.GetUtcNow(), ExperimentStore.CreatedEventKind, ev.Message), ev);
    }

    [Fact]
    public void AddTrial_NewKey_IsQueuedAttemptZeroWithCompactJsonHash()
    {
        using var store = NewStore();
        var t = store.AddTrial("k", ArchJson, "nb201");
        string compact = """{"format":"nassharp-architecture","version":1,"ops":["nor_conv_3x3","skip_connect"]}""";
        string expectedHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(compact)));
        Assert.Equal(
            new TrialRecord(1, "k", ArchJson, expectedHash, "nb201", TrialStatus.Queued, 0, null, null, null, null, null, null,
                null, t.Metrics, _clock.GetUtcNow(), null, null),
            t);
        Assert.Empty(t.Metrics);
        Assert.Equal(expectedHash, store.AddTrial("k2", compact, "nb201").ArchitectureHash);
        Assert.Equal(expectedHash, ExperimentStore.HashArchitecture(ArchJson));
    }

    [Fact]
    public void AddTrial_InvalidJson_ThrowsArgumentExceptionAndStoresNothing()
    {
        using var store = NewStore();
        Assert.Throws<ArgumentException>(() => store.AddTrial("k", "{not json", "nb201"));
        Assert.Empty(store.Trials());
    }

    [Fact]
    public void AddTrial_DuplicateKey_ThrowsAndKeepsFirst()
    {
        using var store = NewStore();
        var first = store.AddTrial("sample-0", ArchJson, "nb201");
        var e = Assert.Throws<ExperimentStoreException>(() => store.AddTrial("sample-0", "{}", "darts"));
        Assert.Contains("sample-0", e.Message);
        Assert.Contains(store.Path, e.Message);
        AssertTrialEqual(first, Assert.Single(store.Trials()));
    }

    [Fact]
    public void StartTrial_QueuedTrial_RunningWithAttemptOneAndStartTime()
    {
        using var store = NewStore();
        var t = store.AddTrial("k", ArchJson, "nb201");
        var started = _clock.Advance();
        var running = store.StartTrial(t.Id);
        AssertTrialEqual(t with { Status = TrialStatus.Running, Attempt = 1, StartedAt = started }, running);
    }

    [Fact]
    public void CompleteTrial_Success_StoresEveryOutcomeField()
    {
        using var store = NewStore();
        var t = store.AddTrial("k", ArchJson, "nb201");
        var running = store.StartTrial(t.Id);
        var finished = _clock.Advance();
        var metrics = new Dictionary<string, double> { ["train_loss"] = 0.25, ["epochs"] = 3 };
        var done = store.CompleteTrial(t.Id, new TrialOutcome(true, null, 0.5, 0.4, 1000, 2000, null, 7.5, metrics));
        AssertTrialEqual(
            running with
            {
                Status = TrialStatus.Succeeded, ValidAccuracy = 0.5, TestAccuracy = 0.4, Parameters = 1000, Macs = 2000,
                Seconds = 7.5, Metrics = metrics, FinishedAt = finished,
            },
            done);
    }

    [Fact]
    public void CompleteTrial_Failure_StoresReasonAndFailedStatus()
    {
        using var store = NewStore();
        var t = store.AddTrial("k", ArchJson, "nb201");
        var running = store.StartTrial(t.Id);
        var finished = _clock.Advance();
        var done = store.CompleteTrial(t.Id, TrialOutcome.Failure("OutOfMemoryException: boom", 1.5));
        AssertTrialEqual(
            running with { Status = TrialStatus.Failed, FailureReason = "OutOfMemoryException: boom", Seconds = 1.5, FinishedAt = finished },
            done);
    }

    [Fact]
    public void StartTrial_NotQueued_ThrowsInvalidOperation()
    {
        using var store = NewStore();
        var t = store.AddTrial("k", ArchJson, "nb201");
        store.StartTrial(t.Id);
        Assert.Throws<InvalidOperationException>(() => store.StartTrial(t.Id));
        store.CompleteTrial(t.Id, TrialOutcome.Failure("x", 0));
        Assert.Throws<InvalidOperationException>(() => store.StartTrial(t.Id));
        Assert.Throws<InvalidOperationException>(() => store.CompleteTrial(t.Id, TrialOutcome.Failure("y", 0)));
        Assert.Equal(1, store.FindTrial("k")!.Attempt);
    }

    [Fact]
    public void CompleteTrial_QueuedOrUnknown_Throws()
    {
        using var store = NewStore();
        var t = store.AddTrial("k", ArchJson, "nb201");
        Assert.Throws<InvalidOperationException>(() => store.CompleteTrial(t.Id, TrialOutcome.Failure("x", 0)));
        var e = Assert.Throws<ExperimentStoreException>(() => store.StartTrial(99));
        Assert.Contains("99", e.Message);
    }

    [Fact]
    public void RequeueUnfinished_AfterCrash_RequeuesOnlyRunningAndAttemptsKeepCounting()
    {
        string path = DbPath();
        long runningId, doneId;
        using (var store = ExperimentStore.Create(path, NewInfo(), _clock))
        {
            runningId = store.StartTrial(store.AddTrial("a", "{}", "s").Id).Id;
            doneId = store.StartTrial(store.AddTrial("b", "{}", "s").Id).Id;
            store.CompleteTrial(doneId, TrialOutcome.Failure("x", 1));
            store.AddTrial("c", "{}", "s");
        }

        using var resumed = ExperimentStore.Open(path, _clock);
        _clock.Advance();
        Assert.Equal(1, resumed.RequeueUnfinished());
        var events = resumed.Events();
        Assert.Equal(new ExperimentEvent(_clock.GetUtcNow(), ExperimentStore.RequeuedEventKind, events[^1].Message), events[^1]);
        Assert.Equal(
            [TrialStatus.Queued, TrialStatus.Failed, TrialStatus.Queued],
            resumed.Trials().Select(t => t.Status));
        Assert.Equal(0, resumed.RequeueUnfinished());
        Assert.Equal(events.Count, resumed.Events().Count);
        var again = resumed.StartTrial(runningId);
        Assert.Equal(2, again.Attempt);
        Assert.Equal(_clock.GetUtcNow(), again.StartedAt);
    }

    [Fact]
    public void Trials_ManyAdded_OrderedById()
    {
        using var store = NewStore();
        foreach (string key in new[] { "z", "a", "m" })
        {
            store.AddTrial(key, "{}", "s");
        }

        Assert.Equal(["z", "a", "m"], store.Trials().Select(t => t.Key));
        Assert.Equal([1L, 2L, 3L], store.Trials().Select(t => t.Id));
        Assert.Null(store.FindTrial("nope"));
    }

    [Fact]
    public void InTransaction_ActionThrows_RollsBackEveryWrite()
    {
        string path = DbPath();
        using (var store = ExperimentStore.Create(path, NewInfo(), _clock))
        {
            var t = store.AddTrial("kept", "{}", "s");
            var ex = Assert.Throws<InvalidOperationException>(() => store.InTransaction(() =>
            {
                store.AddTrial("gone", "{}", "s");
                store.StartTrial(t.Id);
                store.AddMetrics([new MetricPoint(0, "loss", 1, _clock.GetUtcNow())]);
                store.AddEvent("x", "y");
                store.SaveStrategyState([9], 1);
                store.SetStatus(ExperimentStatus.Running);
                store.InTransaction(() => store.AddEvent("inner", "joined"));
                throw new InvalidOperationException("boom");
            }));
            Assert.Equal("boom", ex.Message);
            AssertNothingButKept(store);

            // The connection is usable afterwards and a new transaction commits normally.
            store.InTransaction(() => store.AddEvent("after", "ok"));
            Assert.Equal("after", store.Events()[^1].Kind);
        }

        using var reopened = ExperimentStore.Open(path, _clock);
        Assert.Equal(["created", "after"], reopened.Events().Select(e => e.Kind));
        Assert.Equal(["kept"], reopened.Trials().Select(t => t.Key));

        void AssertNothingButKept(ExperimentStore s)
        {
            var only = Assert.Single(s.Trials());
            Assert.Equal(("kept", TrialStatus.Queued, 0), (only.Key, only.Status, only.Attempt));
            Assert.Empty(s.Metrics());
            Assert.Null(s.LoadStrategyState());
            Assert.Equal(ExperimentStatus.Created, s.Info.Status);
            Assert.Equal(["created"], s.Events().Select(e => e.Kind));
        }
    }

    [Fact]
    public void InTransaction_Running_OtherConnectionSeesNothingUntilCommit()
    {
        string path = DbPath();
        using var store = ExperimentStore.Create(path, NewInfo(), _clock);
        using var reader = ExperimentStore.Open(path, _clock);
        store.InTransaction(() =>
        {
            store.AddTrial("a", "{}", "s");
            store.InTransaction(() => store.AddTrial("b", "{}", "s"));
            store.AddMetrics([new MetricPoint(0, "loss", 1, _clock.GetUtcNow())]);
            Assert.Equal(2, store.Trials().Count);
            Assert.Empty(reader.Trials());
            Assert.Empty(reader.Metrics());
        });
        Assert.Equal(["a", "b"], reader.Trials().Select(t => t.Key));
        Assert.Single(reader.Metrics());
    }

    [Fact]
    public void InTransaction_InnerFailureCaught_UndoesOnlyInnerAndOuterCommits()
    {
        using var store = NewStore();
        store.InTransaction(() =>
        {
            store.AddTrial("outer", "{}", "s");
            Assert.Throws<ExperimentStoreException>(() => store.InTransaction(() =>
            {
                store.AddTrial("inner", "{}", "s");
                store.AddTrial("outer", "{}", "s"); // duplicate: throws
            }));
            store.AddTrial("outer-2", "{}", "s");
        });
        Assert.Equal(["outer", "outer-2"], store.Trials().Select(t => t.Key));
    }

    [Fact]
    public void SaveStrategyState_Twice_LoadReturnsLatestOnly()
    {
        string path = DbPath();
        using (var store = ExperimentStore.Create(path, NewInfo(), _clock))
        {
            Assert.Null(store.LoadStrategyState());
            store.SaveStrategyState([1, 2, 3], 5);
            store.SaveStrategyState([], 6);
            var empty = store.LoadStrategyState();
            Assert.Equal((Array.Empty<byte>(), 6L), (empty!.Value.State, empty.Value.Step));
            var big = new byte[3_000_000];
            new Random(1).NextBytes(big);
            store.SaveStrategyState(big, long.MaxValue);
        }

        using var reopened = ExperimentStore.Open(path, _clock);
        var loaded = reopened.LoadStrategyState()!.Value;
        var expected = new byte[3_000_000];
        new Random(1).NextBytes(expected);
        Assert.Equal(expected, loaded.State);
        Assert.Equal(long.MaxValue, loaded.Step);
    }

    [Fact]
    public void SetStatus_Transitions_UpdateTimesAndAddEvents()
    {
        using var store = NewStore();
        var created = store.Info;
        var t1 = _clock.Advance();
        store.SetStatus(ExperimentStatus.Running);
        Assert.Equal(created with { Status = ExperimentStatus.Running, UpdatedAt = t1 }, store.Info);
        var t2 = _clock.Advance();
        store.SetStatus(ExperimentStatus.Finished);
        Assert.Equal(created with { Status = ExperimentStatus.Finished, UpdatedAt = t2, FinishedAt = t2 }, store.Info);
        var t3 = _clock.Advance();
        store.SetStatus(ExperimentStatus.Running);
        Assert.Equal(created with { Status = ExperimentStatus.Running, UpdatedAt = t3, FinishedAt = t2 }, store.Info);
        Assert.Equal(
            [
                new ExperimentEvent(t1, "status", "Created -> Running"),
                new ExperimentEvent(t2, "status", "Running -> Finished"),
                new ExperimentEvent(t3, "status", "Finished -> Running"),
            ],
            store.Events().Skip(1));
    }

    [Fact]
    public void Metrics_ByName_OrderedByStepThenInsertion()
    {
        using var store = NewStore();
        var t = _clock.GetUtcNow();
        store.AddMetrics([new(3, "loss", 3, t), new(1, "acc", 0.1, t), new(1, "loss", 1.1, t)]);
        store.AddMetrics([new(1, "loss", 1.2, t), new(0, "loss", 0, t), new(2, "loss", double.NaN, t)]);
        Assert.Equal([0, 1.1, 1.2, double.NaN, 3], store.Metrics("loss").Select(p => p.Value));
        Assert.Equal([0L, 1, 1, 2, 3], store.Metrics("loss").Select(p => p.Step));
        Assert.Equal(["loss", "acc", "loss", "loss", "loss", "loss"], store.Metrics().Select(p => p.Name));
        Assert.Equal(["acc", "loss"], store.MetricNames());
        Assert.Empty(store.Metrics("missing"));
    }

    [Fact]
    public void Info_WrittenByOtherInstance_IsCurrent()
    {
        string path = DbPath();
        using var writer = ExperimentStore.Create(path, NewInfo(), _clock);
        using var reader = ExperimentStore.Open(path, _clock);
        writer.SetStatus(ExperimentStatus.Stopped);
        writer.AddTrial("k", "{}", "s");
        Assert.Equal(ExperimentStatus.Stopped, reader.Info.Status);
        Assert.NotNull(reader.FindTrial("k"));
    }

    [Fact]
    public void AddTrial_FromManyThreads_EveryTrialStoredOnce()
    {
        using var store = NewStore();
        Parallel.For(0, 4, w =>
        {
            for (int i = 0; i < 20; i++)
            {
                var t = store.AddTrial($"w{w}-{i}", "{}", "s");
                store.AddMetrics([new MetricPoint(i, $"w{w}", i, DateTimeOffset.UnixEpoch)]);
                store.InTransaction(() => store.CompleteTrial(store.StartTrial(t.Id).Id, TrialOutcome.Failure("x", i)));
            }
        });
        var trials = store.Trials();
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), trials.Select(t => t.Id));
        Assert.Equal(80, trials.Select(t => t.Key).Distinct().Count());
        Assert.All(trials, t => Assert.Equal((TrialStatus.Failed, 1), (t.Status, t.Attempt)));
        Assert.Equal(80, store.Metrics().Count);
        Assert.Equal(["w0", "w1", "w2", "w3"], store.MetricNames());
    }

    [Fact]
    public void Open_AfterKillWithWalFilesLeft_SeesEveryReturnedWrite()
    {
        string path = DbPath();
        string copy = DbPath("killed.db");
        using (var store = ExperimentStore.Create(path, NewInfo(), _clock))
        {
            store.SaveStrategyState([7], 7);
            var t = store.AddTrial("k", ArchJson, "nb201");
            store.StartTrial(t.Id);
            store.AddMetrics([new MetricPoint(0, "loss", 2.5, _clock.GetUtcNow())]);
            store.SetStatus(ExperimentStatus.Running);

            // What a SIGKILL leaves behind: the main file plus the WAL holding the committed writes, never checkpointed.
            Assert.True(File.Exists(path + "-wal"));
            File.Copy(path, copy);
            File.Copy(path + "-wal", copy + "-wal");
            File.Copy(path + "-shm", copy + "-shm");
        }

        using var resumed = ExperimentStore.Open(copy, _clock);
        Assert.Equal(ExperimentStatus.Running, resumed.Info.Status);
        Assert.Equal(TrialStatus.Running, resumed.FindTrial("k")!.Status);
        Assert.Equal(2.5, Assert.Single(resumed.Metrics()).Value);
        Assert.Equal(7, resumed.LoadStrategyState()!.Value.Step);
        Assert.Equal(1, resumed.RequeueUnfinished());
    }

    [Fact]
    public void Dispose_Store_ReleasesWalAndShmFiles()
    {
        string path = DbPath();
        var store = ExperimentStore.Create(path, NewInfo(), _clock);
        store.AddEvent("a", "b");
        Assert.True(File.Exists(path + "-wal"));
        store.Dispose();
        store.Dispose();
        Assert.False(File.Exists(path + "-wal"));
        Assert.False(File.Exists(path + "-shm"));
        Assert.Throws<ObjectDisposedException>(() => store.Trials());
        File.Delete(path);
    }

    [Fact]
    public void Open_RandomBytes_RefusedAsNotSqliteNamingFileUnchanged()
    {
        var bytes = new byte[8192];
        new Random(3).NextBytes(bytes);
        AssertRefused(WriteFile("random.db", bytes), "not a SQLite database");
    }

    [Fact]
    public void Open_TextFile_RefusedAsNotSqlite()
    {
        AssertRefused(WriteFile("config.json", Encoding.UTF8.GetBytes("{\"not\": \"a database\"}")), "not a SQLite database");
    }

    [Fact]
    public void Open_EmptyFile_RefusedAsNotNasSharpStore()
    {
        AssertRefused(WriteFile("empty.db", []), "not a NasSharp experiment store");
    }

    [Fact]
    public void Open_TruncatedStore_RefusedAsCorrupt()
    {
        string path = DbPath();
        using (var store = ExperimentStore.Create(path, NewInfo(), _clock))
        {
            store.AddMetrics(Enumerable.Range(0, 5000).Select(i => new MetricPoint(i, "loss", i, _clock.GetUtcNow())));
        }

        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 40_000);
        AssertRefused(WriteFile("truncated.db", bytes[..(bytes.Length / 2)]), "corrupt");
        AssertRefused(WriteFile("header-only.db", bytes[..60]), "not a SQLite database");
    }

    [Fact]
    public void Open_ForeignSqliteDatabase_RefusedAsNotNasSharpStore()
    {
        string path = DbPath("foreign.db");
        RawSql(path, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", SqliteOpenMode.ReadWriteCreate);
        AssertRefused(path, "not a NasSharp experiment store (it has no meta table)");
        string other = DbPath("other-meta.db");
        RawSql(other, "CREATE TABLE meta(key, value); INSERT INTO meta VALUES ('format', 'optuna');", SqliteOpenMode.ReadWriteCreate);
        AssertRefused(other, "meta format is 'optuna'");
    }

    [Fact]
    public void Open_NewerSchemaVersion_RefusedNamingBothVersions()
    {
        string path = DbPath();
        ExperimentStore.Create(path, NewInfo(), _clock).Dispose();
        RawSql(path, "UPDATE meta SET value = '7' WHERE key = 'schema_version'");
        var e = AssertRefused(path, "schema version 7");
        Assert.Contains($"newer than this NasSharp supports ({ExperimentStore.SchemaVersion})", e.Message);
    }

    [Fact]
    public void Open_MissingTable_RefusedNamingTable()
    {
        string path = DbPath();
        ExperimentStore.Create(path, NewInfo(), _clock).Dispose();
        RawSql(path, "DROP TABLE strategy_state");
        AssertRefused(path, "missing table(s) strategy_state");
    }

    [Fact]
    public void Open_MissingFile_RefusedNamingFile()
    {
        string path = DbPath("nothing-here.db");
        var e = Assert.Throws<ExperimentStoreException>(() => ExperimentStore.Open(path, _clock));
        Assert.Contains(path, e.Message);
        Assert.False(File.Exists(path));
    }

    private static void AssertTrialEqual(TrialRecord expected, TrialRecord actual)
    {
        var none = new Dictionary<string, double>();
        Assert.Equal(expected with { Metrics = none }, actual with { Metrics = none });
        Assert.Equal(expected.Metrics.OrderBy(p => p.Key), actual.Metrics.OrderBy(p => p.Key));
    }

    private static void RawSql(string path, string sql, SqliteOpenMode mode = SqliteOpenMode.ReadWrite)
    {
        using (var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ConnectionString))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }

    private ExperimentStoreException AssertRefused(string path, string expectedText)
    {
        var before = File.ReadAllBytes(path);
        var siblings = Directory.GetFiles(_dir).Order().ToList();
        var e = Assert.Throws<ExperimentStoreException>(() => ExperimentStore.Open(path, _clock));
        Assert.Contains(path, e.Message);
        Assert.Contains(expectedText, e.Message);
        Assert.Equal(path, e.FilePath);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(siblings, Directory.GetFiles(_dir).Order().ToList());
        return e;
    }

    private string WriteFile(string name, byte[] bytes)
    {
        string path = DbPath(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string DbPath(string name = "experiment.db") => System.IO.Path.Combine(_dir, name);

    private ExperimentStore NewStore() => ExperimentStore.Create(DbPath(), NewInfo(), _clock);

    private ExperimentInfo NewInfo()
    {
        var now = _clock.GetUtcNow();
        return new ExperimentInfo("exp-1", "random", "nb201", """{"epochs":3,"lr":0.025}""", 1234, ExperimentStatus.Created, now, now, null);
    }
}
