namespace NasSharp.Experiments;

using System.Globalization;
using Microsoft.Data.Sqlite;
using static NasSharp.Experiments.StoreEncoding;

/// <content>The store's schema: the tables a file must hold, the SQL that makes them and the migrations of older files.</content>
public sealed partial class ExperimentStore
{
    /// <summary>Schema version this NasSharp writes; newer files are refused by <see cref="Open"/>, older ones (1) are
    /// migrated by it.</summary>
    public const int SchemaVersion = 2;

    /// <summary>Kind of the event <see cref="Open"/> adds when it migrated an older file; its message reads
    /// <c>schema 1 -> 2</c>.</summary>
    public const string MigratedEventKind = "migrated";

    private static readonly string[] TablesV1 = ["meta", "experiment", "trials", "metrics", "events", "strategy_state"];

    private static readonly string[] Tables = [.. TablesV1, "state_files"];

    // v1 -> v2: trials carry their kind, lineage, own budget, seed and artefact; strategy tensor files are listed apart.
    // The new columns end the trials table in the same order as in SchemaSql, so a migrated file matches a new one.
    // v1 knew two strategies, random (keys sample-N) and ENAS (derive-N scored with shared weights, then retrain), so
    // the kinds of v1 trials follow from their keys exactly.
    private const string MigrationV1ToV2Sql = """
        ALTER TABLE trials ADD COLUMN kind TEXT NOT NULL DEFAULT 'trial';
        ALTER TABLE trials ADD COLUMN parent_key TEXT;
        ALTER TABLE trials ADD COLUMN budget_json TEXT;
        ALTER TABLE trials ADD COLUMN seed INTEGER;
        ALTER TABLE trials ADD COLUMN artefact_path TEXT;
        ALTER TABLE trials ADD COLUMN artefact_hash TEXT;
        CREATE TABLE state_files(name TEXT PRIMARY KEY, path TEXT NOT NULL, hash TEXT NOT NULL, bytes INTEGER NOT NULL);
        UPDATE trials SET kind = 'derive' WHERE key LIKE 'derive-%';
        UPDATE trials SET kind = 'retrain' WHERE key = 'retrain';
        """;

    private const string SchemaSql = """
        CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
        CREATE TABLE experiment(
            id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, strategy TEXT NOT NULL, space TEXT NOT NULL,
            config_json TEXT NOT NULL, seed INTEGER NOT NULL, status TEXT NOT NULL,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT);
        CREATE TABLE trials(
            id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, architecture_json TEXT NOT NULL,
            architecture_hash TEXT NOT NULL, space TEXT NOT NULL, status TEXT NOT NULL, attempt INTEGER NOT NULL,
            failure_reason TEXT, valid_accuracy REAL, test_accuracy REAL, parameters INTEGER, macs INTEGER,
            latency_ms REAL, seconds REAL, metrics_json TEXT NOT NULL,
            created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
            kind TEXT NOT NULL DEFAULT 'trial', parent_key TEXT, budget_json TEXT, seed INTEGER, artefact_path TEXT,
            artefact_hash TEXT);
        CREATE INDEX trials_hash ON trials(architecture_hash);
        CREATE INDEX trials_status ON trials(status);
        CREATE TABLE metrics(id INTEGER PRIMARY KEY, step INTEGER NOT NULL, name TEXT NOT NULL, value REAL, time TEXT NOT NULL);
        CREATE INDEX metrics_name_step ON metrics(name, step, id);
        CREATE INDEX metrics_step ON metrics(step, id);
        CREATE TABLE events(id INTEGER PRIMARY KEY, time TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL);
        CREATE TABLE strategy_state(
            id INTEGER PRIMARY KEY CHECK (id = 1), step INTEGER NOT NULL, state BLOB NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE state_files(name TEXT PRIMARY KEY, path TEXT NOT NULL, hash TEXT NOT NULL, bytes INTEGER NOT NULL);
        """;

    // Brings a validated file of schema version `from` up to SchemaVersion in one transaction (all or nothing) and
    // records a MigratedEventKind event. The connection is already in WAL mode with synchronous=FULL.
    private static void Migrate(SqliteConnection conn, string full, int from, TimeProvider time)
    {
        if (from >= SchemaVersion)
        {
            return;
        }

        try
        {
            using var tx = conn.BeginTransaction(deferred: false);
            // Another process may have migrated the file between our check and this (write-locked) transaction.
            using (var check = conn.CreateCommand())
            {
                check.Transaction = tx;
                check.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
                if (int.TryParse(Convert.ToString(check.ExecuteScalar(), CultureInfo.InvariantCulture), NumberStyles.None,
                        CultureInfo.InvariantCulture, out var now) && now >= SchemaVersion)
                {
                    return; // the transaction is rolled back on dispose: nothing was written
                }
            }

            Exec(conn, tx, MigrationV1ToV2Sql);
            Exec(conn, tx, "UPDATE meta SET value = $v WHERE key = 'schema_version'",
                ("$v", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
            Exec(conn, tx, "INSERT INTO events(time, kind, message) VALUES ($t, $k, $m)",
                ("$t", FormatTime(time.GetUtcNow())), ("$k", MigratedEventKind),
                ("$m", $"schema {from} -> {SchemaVersion}"));
            tx.Commit();
        }
        catch (SqliteException e)
        {
            throw new ExperimentStoreException(
                $"Cannot migrate experiment store '{full}' from schema version {from} to {SchemaVersion} (the file is unchanged): {e.Message}",
                full, e);
        }
    }
}
