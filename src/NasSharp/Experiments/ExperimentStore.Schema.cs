namespace NasSharp.Experiments;

using System.Globalization;
using Microsoft.Data.Sqlite;

/// <content>The store's schema: the tables a file must hold and the SQL that makes them.</content>
public sealed partial class ExperimentStore
{
    /// <summary>Schema version this NasSharp writes; newer files are refused by <see cref="Open"/>.</summary>
    public const int SchemaVersion = 1;

    private static readonly string[] Tables = ["meta", "experiment", "trials", "metrics", "events", "strategy_state"];

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
            created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT);
        CREATE INDEX trials_hash ON trials(architecture_hash);
        CREATE INDEX trials_status ON trials(status);
        CREATE TABLE metrics(id INTEGER PRIMARY KEY, step INTEGER NOT NULL, name TEXT NOT NULL, value REAL, time TEXT NOT NULL);
        CREATE INDEX metrics_name_step ON metrics(name, step, id);
        CREATE INDEX metrics_step ON metrics(step, id);
        CREATE TABLE events(id INTEGER PRIMARY KEY, time TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL);
        CREATE TABLE strategy_state(
            id INTEGER PRIMARY KEY CHECK (id = 1), step INTEGER NOT NULL, state BLOB NOT NULL, updated_at TEXT NOT NULL);
        """;
}
