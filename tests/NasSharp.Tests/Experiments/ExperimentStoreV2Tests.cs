namespace NasSharp.Tests.Experiments;

using Microsoft.Data.Sqlite;
using NasSharp.Experiments;

/// <summary>What schema v2 adds to the store: a trial's whole spec and artefact, state files, and the v1 migration's
/// refusals.</summary>
public sealed class ExperimentStoreV2Tests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-store2-").FullName;
    private readonly ManualTimeProvider _clock = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void AddTrial_WithKindParentBudgetAndSeed_ReadBackAfterReopen()
    {
        string path = Path.Combine(_dir, "e.db");
        using (var store = NewStore(path))
        {
            store.AddTrial("retrain", "[1]", "darts", "retrain", parentKey: "derive-3", budgetJson: """{"epochs":7}""", seed: 42);
            store.AddTrial("plain", "[2]", "darts");
        }

        using var reopened = ExperimentStore.Open(path, _clock);
        var retrain = reopened.FindTrial("retrain")!;
        Assert.Equal(("retrain", "derive-3", """{"epochs":7}""", (int?)42), (retrain.Kind, retrain.ParentKey, retrain.BudgetJson, retrain.Seed));
        var plain = reopened.FindTrial("plain")!;
        Assert.Equal((TrialRecord.DefaultKind, (string?)null, (string?)null, (int?)null), (plain.Kind, plain.ParentKey, plain.BudgetJson, plain.Seed));
    }

    [Fact]
    public void AddTrial_InvalidBudgetJson_ThrowsNamingTheKeyAndStoresNothing()
    {
        using var store = NewStore(Path.Combine(_dir, "e.db"));
        var e = Assert.Throws<ArgumentException>(() => store.AddTrial("k", "[1]", "nb201", budgetJson: "{epochs"));
        Assert.Contains("'k'", e.Message);
        Assert.Empty(store.Trials());
    }

    [Fact]
    public void CompleteTrial_WithArtefact_StoresPathAndHash()
    {
        using var store = NewStore(Path.Combine(_dir, "e.db"));
        var t = store.StartTrial(store.AddTrial("k", "[1]", "nb201").Id);
        var outcome = new TrialOutcome(true, null, 0.5, 0.4, 10, 20, null, 1, new Dictionary<string, double>(),
            new TrialArtefact("trials/k/model.bin", "ab12"));
        var done = store.CompleteTrial(t.Id, outcome);
        Assert.Equal(("trials/k/model.bin", "ab12"), (done.ArtefactPath, done.ArtefactHash));
        Assert.Equal(done, store.Trials().Single() with { Metrics = done.Metrics });
    }

    [Fact]
    public void SaveStateFile_Twice_FindReturnsLatestAndRemoveForgetsIt()
    {
        using var store = NewStore(Path.Combine(_dir, "e.db"));
        Assert.Null(store.FindStateFile("tensors"));
        store.SaveStateFile(new StateFile("tensors", "strategy/state-1.bin", "aa", 10));
        store.SaveStateFile(new StateFile("tensors", "strategy/state-2.bin", "bb", 20));
        Assert.Equal(new StateFile("tensors", "strategy/state-2.bin", "bb", 20), store.FindStateFile("tensors"));
        Assert.True(store.RemoveStateFile("tensors"));
        Assert.Null(store.FindStateFile("tensors"));
        Assert.False(store.RemoveStateFile("tensors"));
    }

    [Fact]
    public void Open_V1FileWithMissingTable_RefusedAndLeftUntouchedAtVersion1()
    {
        var folder = V1Fixture.CopyTo("rs-killed", Path.Combine(_dir, "rs"));
        string path = Path.Combine(folder, "experiment.db");
        RawSql(path, "DROP TABLE metrics");
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<ExperimentStoreException>(() => ExperimentStore.Open(path, _clock));
        Assert.Contains("missing table(s) metrics", e.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal("1", Scalar(path, "SELECT value FROM meta WHERE key = 'schema_version'"));
    }

    [Fact]
    public void Open_SchemaVersion3_RefusedAsNewer()
    {
        string path = Path.Combine(_dir, "e.db");
        NewStore(path).Dispose();
        RawSql(path, "UPDATE meta SET value = '3' WHERE key = 'schema_version'");
        var e = Assert.Throws<ExperimentStoreException>(() => ExperimentStore.Open(path, _clock));
        Assert.Contains("schema version 3, newer than this NasSharp supports (2)", e.Message);
    }

    [Fact]
    public void Open_NewStore_NoMigrationEvent()
    {
        string path = Path.Combine(_dir, "e.db");
        NewStore(path).Dispose();
        using var store = ExperimentStore.Open(path, _clock);
        Assert.DoesNotContain(store.Events(), e => e.Kind == ExperimentStore.MigratedEventKind);
    }

    internal static string? Scalar(string path, string sql)
    {
        using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void RawSql(string path, string sql)
    {
        using (var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }

    private ExperimentStore NewStore(string path)
    {
        var now = _clock.GetUtcNow();
        return ExperimentStore.Create(path, new ExperimentInfo("e", "random", "nb201", "{}", 1, ExperimentStatus.Created, now, now, null), _clock);
    }
}
