namespace NasSharp.Experiments;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

/// <summary>
/// The SQLite database of one experiment: the experiment row, trials, search metrics, events and the strategy's saved
/// state. One file per experiment, opened through one kept <see cref="SqliteConnection"/> in WAL mode with
/// <c>synchronous=FULL</c>, so a call that has returned survives a SIGKILL. Every public write is one transaction;
/// <see cref="InTransaction"/> groups several calls into one. Calls are serialised by a lock, so one instance may be
/// shared by threads; a call from another thread waits while a <see cref="InTransaction"/> block runs.
/// </summary>
/// <remarks>
/// Times are stored in UTC as ISO-8601 round-trip strings (<c>"O"</c>) and read back with offset zero: they compare
/// equal (<see cref="DateTimeOffset.Equals(DateTimeOffset)"/>, same instant, exact to the tick) to the values given.
/// Statuses are stored by enum name. A <see cref="double.NaN"/> metric value is kept (SQLite would turn it into NULL,
/// so NULL is read back as NaN).
/// </remarks>
public sealed class ExperimentStore : IDisposable
{
    /// <summary>Schema version this NasSharp writes; newer files are refused by <see cref="Open"/>.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Value of the <c>format</c> key of the <c>meta</c> table that marks a NasSharp experiment store.</summary>
    public const string Format = "nassharp-experiment";

    /// <summary>Kind of the event <see cref="Create"/> adds.</summary>
    public const string CreatedEventKind = "created";

    /// <summary>Kind of the event <see cref="SetStatus"/> adds; its message reads <c>Old -> New</c>.</summary>
    public const string StatusEventKind = "status";

    /// <summary>Kind of the event <see cref="RequeueUnfinished"/> adds when it requeued at least one trial.</summary>
    public const string RequeuedEventKind = "requeued";

    private static readonly string[] Tables = ["meta", "experiment", "trials", "metrics", "events", "strategy_state"];

    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

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

    private const string TrialColumns =
        "id, key, architecture_json, architecture_hash, space, status, attempt, failure_reason, valid_accuracy, " +
        "test_accuracy, parameters, macs, latency_ms, seconds, metrics_json, created_at, started_at, finished_at";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private SqliteConnection? _connection;
    private SqliteTransaction? _transaction;
    private int _savepoints;

    private ExperimentStore(string path, SqliteConnection connection, TimeProvider time)
    {
        Path = path;
        _connection = connection;
        _time = time;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The experiment row, read from the file on every access (so it is current even when another instance wrote it).</summary>
    public ExperimentInfo Info
    {
        get
        {
            lock (_gate)
            {
                using var cmd = Command(
                    "SELECT name, strategy, space, config_json, seed, status, created_at, updated_at, finished_at FROM experiment WHERE id = 1");
                using var r = cmd.ExecuteReader();
                if (!r.Read())
                {
                    throw new ExperimentStoreException($"Experiment store '{Path}' is damaged: its experiment row is missing.", Path);
                }

                return new ExperimentInfo(
                    r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4),
                    ParseEnum<ExperimentStatus>(r.GetString(5)), ReadTime(r, 6), ReadTime(r, 7), ReadTimeOrNull(r, 8));
            }
        }
    }

    /// <summary>
    /// Creates a new store at <paramref name="path"/> holding <paramref name="info"/> (stored exactly as given) and a
    /// <see cref="CreatedEventKind"/> event. The file is built under a temporary name and renamed into place, so a crash
    /// during creation never leaves a half-made store. The parent folder is created if missing.
    /// </summary>
    /// <param name="path">Database file to create; must not exist.</param>
    /// <param name="info">The experiment row.</param>
    /// <param name="time">Clock for event, trial and status times; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ExperimentStoreException">The file already exists.</exception>
    public static ExperimentStore Create(string path, ExperimentInfo info, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(info);
        time ??= TimeProvider.System;
        string full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full) || Directory.Exists(full))
        {
            throw new ExperimentStoreException($"Cannot create experiment store '{full}': the file already exists.", full);
        }

        string? dir = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        string temp = full + ".creating-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var conn = Connect(temp, SqliteOpenMode.ReadWriteCreate))
            {
                Configure(conn);
                using var tx = conn.BeginTransaction(deferred: false);
                Exec(conn, tx, SchemaSql);
                Exec(conn, tx, "INSERT INTO meta(key, value) VALUES ('format', $f), ('schema_version', $v)",
                    ("$f", Format), ("$v", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
                Exec(conn, tx,
                    "INSERT INTO experiment(id, name, strategy, space, config_json, seed, status, created_at, updated_at, finished_at) " +
                    "VALUES (1, $name, $strategy, $space, $config, $seed, $status, $created, $updated, $finished)",
                    ("$name", info.Name), ("$strategy", info.Strategy), ("$space", info.Space), ("$config", info.ConfigJson),
                    ("$seed", info.Seed), ("$status", info.Status.ToString()), ("$created", FormatTime(info.CreatedAt)),
                    ("$updated", FormatTime(info.UpdatedAt)), ("$finished", FormatTime(info.FinishedAt)));
                Exec(conn, tx, "INSERT INTO events(time, kind, message) VALUES ($t, $k, $m)",
                    ("$t", FormatTime(time.GetUtcNow())), ("$k", CreatedEventKind),
                    ("$m", $"experiment '{info.Name}' created (strategy {info.Strategy}, space {info.Space}, seed {info.Seed})"));
                tx.Commit();
                conn.Close();
                SqliteConnection.ClearPool(conn);
            }

            // Closing the last connection checkpointed and removed the -wal file; the rename publishes a whole store.
            File.Move(temp, full, overwrite: false);
        }
        catch (IOException e) when (File.Exists(full))
        {
            throw new ExperimentStoreException($"Cannot create experiment store '{full}': the file already exists.", full, e);
        }
        finally
        {
            DeleteQuietly(temp);
            DeleteQuietly(temp + "-wal");
            DeleteQuietly(temp + "-shm");
        }

        return Attach(full, Connect(full, SqliteOpenMode.ReadWrite), time);
    }

    /// <summary>
    /// Opens an existing store. The file is checked first (SQLite header, integrity,
    /// <c>meta</c> format and schema version, tables); a file that fails any check is refused and left untouched.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="time">Clock for event, trial and status times; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ExperimentStoreException">
    /// The file is missing, is not a SQLite database (or is corrupt), is not a NasSharp store, has a schema version
    /// newer than <see cref="SchemaVersion"/>, or lacks tables. The message names the file.
    /// </exception>
    public static ExperimentStore Open(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        return Attach(full, Validate(full), time ?? TimeProvider.System);
    }

    /// <summary>SHA-256 (lower-case hex) of <paramref name="architectureJson"/> re-serialised compactly (no insignificant whitespace).</summary>
    /// <exception cref="ArgumentException">The text is not valid JSON.</exception>
    public static string HashArchitecture(string architectureJson)
    {
        ArgumentNullException.ThrowIfNull(architectureJson);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(architectureJson);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Architecture is not valid JSON: {e.Message}", nameof(architectureJson), e);
        }

        using (doc)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
            {
                doc.WriteTo(writer);
            }

            return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
        }
    }

    /// <summary>Sets the experiment's status, sets <c>UpdatedAt</c> to now, <c>FinishedAt</c> to now when <paramref name="status"/> is
    /// <see cref="ExperimentStatus.Finished"/> (otherwise it is kept), and adds a <see cref="StatusEventKind"/> event.</summary>
    public void SetStatus(ExperimentStatus status)
    {
        Write(() =>
        {
            var old = Info.Status;
            string now = FormatTime(_time.GetUtcNow());
            Exec("UPDATE experiment SET status = $s, updated_at = $now, finished_at = CASE WHEN $fin THEN $now ELSE finished_at END WHERE id = 1",
                ("$s", status.ToString()), ("$now", now), ("$fin", status == ExperimentStatus.Finished));
            InsertEvent(StatusEventKind, $"{old} -> {status}");
            return 0;
        });
    }

    /// <summary>The trial with <paramref name="key"/>, or <c>null</c>.</summary>
    public TrialRecord? FindTrial(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            return ReadTrials($"SELECT {TrialColumns} FROM trials WHERE key = $k", ("$k", key)).FirstOrDefault();
        }
    }

    /// <summary>The trial with store id <paramref name="id"/>, or <c>null</c>.</summary>
    public TrialRecord? FindTrial(long id)
    {
        lock (_gate)
        {
            return ReadTrials($"SELECT {TrialColumns} FROM trials WHERE id = $id", ("$id", id)).FirstOrDefault();
        }
    }

    /// <summary>
    /// Records a new trial: status <see cref="TrialStatus.Queued"/>, attempt 0, created now, no metrics. The JSON is
    /// stored as given; its hash is <see cref="HashArchitecture"/>.
    /// </summary>
    /// <exception cref="ExperimentStoreException">A trial with <paramref name="key"/> exists.</exception>
    /// <exception cref="ArgumentException"><paramref name="architectureJson"/> is not valid JSON.</exception>
    public TrialRecord AddTrial(string key, string architectureJson, string space)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(space);
        string hash = HashArchitecture(architectureJson);
        return Write(() =>
        {
            if (FindTrial(key) is { } existing)
            {
                throw new ExperimentStoreException(
                    $"Experiment store '{Path}' already has a trial with key '{key}' (id {existing.Id}).", Path);
            }

            using var cmd = Command(
                "INSERT INTO trials(key, architecture_json, architecture_hash, space, status, attempt, metrics_json, created_at) " +
                "VALUES ($k, $j, $h, $s, $st, 0, '{}', $t) RETURNING id",
                ("$k", key), ("$j", architectureJson), ("$h", hash), ("$s", space), ("$st", nameof(TrialStatus.Queued)),
                ("$t", FormatTime(_time.GetUtcNow())));
            long id = (long)cmd.ExecuteScalar()!;
            return GetTrial(id);
        });
    }

    /// <summary>Marks a queued trial <see cref="TrialStatus.Running"/>, adds one to its attempt and sets <c>StartedAt</c> to now.</summary>
    /// <exception cref="ExperimentStoreException">No trial has <paramref name="id"/>.</exception>
    /// <exception cref="InvalidOperationException">The trial is not queued.</exception>
    public TrialRecord StartTrial(long id) => Write(() =>
    {
        var trial = GetTrial(id);
        if (trial.Status != TrialStatus.Queued)
        {
            throw new InvalidOperationException(
                $"Trial {id} ('{trial.Key}') in '{Path}' is {trial.Status}; only a queued trial can be started.");
        }

        Exec("UPDATE trials SET status = $st, attempt = attempt + 1, started_at = $t WHERE id = $id",
            ("$st", nameof(TrialStatus.Running)), ("$t", FormatTime(_time.GetUtcNow())), ("$id", id));
        return GetTrial(id);
    });

    /// <summary>
    /// Stores what a running trial produced: <see cref="TrialStatus.Succeeded"/> or <see cref="TrialStatus.Failed"/>
    /// (from <see cref="TrialOutcome.Succeeded"/>) with every field of <paramref name="outcome"/>, <c>FinishedAt</c> now.
    /// </summary>
    /// <exception cref="ExperimentStoreException">No trial has <paramref name="id"/>.</exception>
    /// <exception cref="InvalidOperationException">The trial is not running.</exception>
    public TrialRecord CompleteTrial(long id, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Write(() =>
        {
            var trial = GetTrial(id);
            if (trial.Status != TrialStatus.Running)
            {
                throw new InvalidOperationException(
                    $"Trial {id} ('{trial.Key}') in '{Path}' is {trial.Status}; only a running trial can be completed.");
            }

            Exec(
                "UPDATE trials SET status = $st, failure_reason = $fr, valid_accuracy = $va, test_accuracy = $ta, " +
                "parameters = $p, macs = $m, latency_ms = $l, seconds = $sec, metrics_json = $mj, finished_at = $t WHERE id = $id",
                ("$st", (outcome.Succeeded ? TrialStatus.Succeeded : TrialStatus.Failed).ToString()),
                ("$fr", outcome.FailureReason), ("$va", outcome.ValidAccuracy), ("$ta", outcome.TestAccuracy),
                ("$p", outcome.Parameters), ("$m", outcome.Macs), ("$l", outcome.LatencyMs), ("$sec", outcome.Seconds),
                ("$mj", MetricsToJson(outcome.Metrics)), ("$t", FormatTime(_time.GetUtcNow())), ("$id", id));
            return GetTrial(id);
        });
    }

    /// <summary>
    /// Puts every <see cref="TrialStatus.Running"/> trial back to <see cref="TrialStatus.Queued"/> (after a crash; attempt
    /// and <c>StartedAt</c> are kept) and, when there was any, adds a <see cref="RequeuedEventKind"/> event.
    /// </summary>
    /// <returns>How many trials were requeued.</returns>
    public int RequeueUnfinished() => Write(() =>
    {
        int n = Exec("UPDATE trials SET status = $q WHERE status = $r",
            ("$q", nameof(TrialStatus.Queued)), ("$r", nameof(TrialStatus.Running)));
        if (n > 0)
        {
            InsertEvent(RequeuedEventKind, $"{n} interrupted trial(s) requeued");
        }

        return n;
    });

    /// <summary>Every trial, ordered by id.</summary>
    public IReadOnlyList<TrialRecord> Trials()
    {
        lock (_gate)
        {
            return ReadTrials($"SELECT {TrialColumns} FROM trials ORDER BY id");
        }
    }

    /// <summary>Appends search-level metric points, all in one transaction.</summary>
    public void AddMetrics(IEnumerable<MetricPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        Write(() =>
        {
            using var cmd = Command("INSERT INTO metrics(step, name, value, time) VALUES ($s, $n, $v, $t)");
            var s = cmd.Parameters.Add("$s", SqliteType.Integer);
            var n = cmd.Parameters.Add("$n", SqliteType.Text);
            var v = cmd.Parameters.Add("$v", SqliteType.Real);
            var t = cmd.Parameters.Add("$t", SqliteType.Text);
            foreach (var p in points)
            {
                ArgumentNullException.ThrowIfNull(p.Name, nameof(MetricPoint.Name));
                s.Value = p.Step;
                n.Value = p.Name;
                v.Value = double.IsNaN(p.Value) ? DBNull.Value : p.Value;
                t.Value = FormatTime(p.Time);
                cmd.ExecuteNonQuery();
            }

            return 0;
        });
    }

    /// <summary>Metric points of series <paramref name="name"/> (every series when <c>null</c>), ordered by step, then insertion.</summary>
    public IReadOnlyList<MetricPoint> Metrics(string? name = null)
    {
        lock (_gate)
        {
            using var cmd = name is null
                ? Command("SELECT step, name, value, time FROM metrics ORDER BY step, id")
                : Command("SELECT step, name, value, time FROM metrics WHERE name = $n ORDER BY step, id", ("$n", name));
            using var r = cmd.ExecuteReader();
            var list = new List<MetricPoint>();
            while (r.Read())
            {
                list.Add(new MetricPoint(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? double.NaN : r.GetDouble(2), ReadTime(r, 3)));
            }

            return list;
        }
    }

    /// <summary>Distinct metric series names, in ordinal order.</summary>
    public IReadOnlyList<string> MetricNames()
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT DISTINCT name FROM metrics ORDER BY name");
            using var r = cmd.ExecuteReader();
            var list = new List<string>();
            while (r.Read())
            {
                list.Add(r.GetString(0));
            }

            return list;
        }
    }

    /// <summary>Adds an event dated now.</summary>
    public void AddEvent(string kind, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(message);
        Write(() =>
        {
            InsertEvent(kind, message);
            return 0;
        });
    }

    /// <summary>Every event, in the order added.</summary>
    public IReadOnlyList<ExperimentEvent> Events()
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT time, kind, message FROM events ORDER BY id");
            using var r = cmd.ExecuteReader();
            var list = new List<ExperimentEvent>();
            while (r.Read())
            {
                list.Add(new ExperimentEvent(ReadTime(r, 0), r.GetString(1), r.GetString(2)));
            }

            return list;
        }
    }

    /// <summary>Saves the strategy's state blob and the step it belongs to, replacing any earlier one.</summary>
    public void SaveStrategyState(byte[] state, long step)
    {
        ArgumentNullException.ThrowIfNull(state);
        Write(() => Exec(
            "INSERT OR REPLACE INTO strategy_state(id, step, state, updated_at) VALUES (1, $s, $b, $t)",
            ("$s", step), ("$b", state), ("$t", FormatTime(_time.GetUtcNow()))));
    }

    /// <summary>The last saved strategy state and its step, or <c>null</c> when none was saved.</summary>
    public (byte[] State, long Step)? LoadStrategyState()
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT state, step FROM strategy_state WHERE id = 1");
            using var r = cmd.ExecuteReader();
            if (!r.Read())
            {
                return null;
            }

            return ((byte[])r.GetValue(0), r.GetInt64(1));
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> with every store call it makes inside one SQLite transaction, committed when it
    /// returns. On an exception everything it wrote is rolled back and the exception rethrown. Nested calls join the
    /// outer transaction (a failing inner block is undone through a savepoint; the outer block decides the rest).
    /// Other threads' calls wait until the block ends; the block must not wait for them.
    /// </summary>
    public void InTransaction(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Write(() =>
        {
            action();
            return 0;
        });
    }

    /// <summary>Closes the connection and clears its pool, so the <c>-wal</c>/<c>-shm</c> files are released.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_connection is null)
            {
                return;
            }

            _transaction?.Dispose();
            _transaction = null;
            var conn = _connection;
            _connection = null;
            Close(conn);
        }
    }

    /// <summary>Value of a per-connection pragma of the kept connection (for tests and diagnostics).</summary>
    internal object? Pragma(string name)
    {
        lock (_gate)
        {
            using var cmd = Command("PRAGMA " + name);
            return cmd.ExecuteScalar();
        }
    }

    private static ExperimentStore Attach(string full, SqliteConnection conn, TimeProvider time)
    {
        try
        {
            Configure(conn);
            return new ExperimentStore(full, conn, time);
        }
        catch (SqliteException e)
        {
            Close(conn);
            throw new ExperimentStoreException($"Cannot open experiment store '{full}' for writing: {e.Message}", full, e);
        }
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var csb = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = 30,
        };
        var conn = new SqliteConnection(csb.ConnectionString);
        conn.Open();
        return conn;
    }

    private static void Configure(SqliteConnection conn)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode = WAL;";
        string mode = Convert.ToString(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
        if (!mode.Equals("wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new SqliteException($"journal_mode WAL refused (got '{mode}')", 0);
        }

        cmd.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
        cmd.ExecuteNonQuery();
    }

    // Checks a file and returns the connection that checked it. Until the checks pass only reads are issued (a -wal
    // or -shm file SQLite makes for the reads is removed when the connection closes), so a refused file is left as it was.
    private static SqliteConnection Validate(string full)
    {
        if (Directory.Exists(full) || !File.Exists(full))
        {
            throw new ExperimentStoreException($"Experiment store '{full}' does not exist.", full);
        }

        var header = new byte[SqliteHeader.Length];
        int read;
        long length;
        using (var fs = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            length = fs.Length;
            read = fs.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (length == 0)
        {
            throw new ExperimentStoreException(
                $"'{full}' is not a NasSharp experiment store: the file is empty (no meta table).", full);
        }

        if (length < 100 || read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
        {
            throw new ExperimentStoreException(
                $"'{full}' is not a SQLite database (it is corrupt or another kind of file), so it is not a NasSharp experiment store.", full);
        }

        SqliteConnection conn;
        try
        {
            conn = Connect(full, SqliteOpenMode.ReadWrite);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 3 or 8 or 14)
        {
            throw new ExperimentStoreException(
                $"Experiment store '{full}' cannot be opened for reading and writing: {e.Message}", full, e);
        }
        catch (SqliteException e)
        {
            throw new ExperimentStoreException(
                $"'{full}' is not a readable SQLite database (corrupt or truncated?): {e.Message}", full, e);
        }

        try
        {
            var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    tables.Add(r.GetString(0));
                }
            }

            if (!tables.Contains("meta"))
            {
                throw new ExperimentStoreException(
                    $"'{full}' is a SQLite database but not a NasSharp experiment store (it has no meta table).", full);
            }

            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "SELECT key, value FROM meta";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    if (!r.IsDBNull(0) && !r.IsDBNull(1))
                    {
                        meta[Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture)!] =
                            Convert.ToString(r.GetValue(1), CultureInfo.InvariantCulture)!;
                    }
                }
            }

            if (!meta.TryGetValue("format", out string? format) || format != Format)
            {
                throw new ExperimentStoreException(
                    $"'{full}' is a SQLite database but not a NasSharp experiment store (meta format is " +
                    $"{(format is null ? "missing" : $"'{format}'")}, expected '{Format}').", full);
            }

            if (!meta.TryGetValue("schema_version", out string? versionText) ||
                !int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
            {
                throw new ExperimentStoreException(
                    $"Experiment store '{full}' is damaged: its schema_version is {(versionText is null ? "missing" : $"'{versionText}'")}.", full);
            }

            if (version > SchemaVersion)
            {
                throw new ExperimentStoreException(
                    $"Experiment store '{full}' has schema version {version}, newer than this NasSharp supports ({SchemaVersion}); " +
                    "open it with a newer NasSharp.", full);
            }

            var missing = Tables.Where(t => !tables.Contains(t)).ToList();
            if (missing.Count > 0)
            {
                throw new ExperimentStoreException(
                    $"Experiment store '{full}' is damaged: missing table(s) {string.Join(", ", missing)}.", full);
            }

            using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "PRAGMA quick_check";
                using var r = cmd.ExecuteReader();
                var problems = new List<string>();
                while (r.Read())
                {
                    problems.Add(r.GetString(0));
                }

                if (problems is not ["ok"])
                {
                    throw new ExperimentStoreException(
                        $"Experiment store '{full}' is corrupt: {string.Join("; ", problems.Take(5))}.", full);
                }
            }

            return conn;
        }
        catch (SqliteException e)
        {
            Close(conn);
            throw new ExperimentStoreException(
                $"'{full}' is not a readable SQLite database (corrupt or truncated?): {e.Message}", full, e);
        }
        catch
        {
            Close(conn);
            throw;
        }
    }

    private static void Close(SqliteConnection conn)
    {
        conn.Close();
        SqliteConnection.ClearPool(conn);
        conn.Dispose();
    }

    private static int Exec(SqliteConnection conn, SqliteTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        AddParameters(cmd, args);
        return cmd.ExecuteNonQuery();
    }

    private static void AddParameters(SqliteCommand cmd, (string Name, object? Value)[] args)
    {
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private static string? FormatTime(DateTimeOffset? time) => time is { } t ? FormatTime(t) : null;

    private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ReadTime(SqliteDataReader r, int i) =>
        DateTimeOffset.ParseExact(r.GetString(i), "O", CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static DateTimeOffset? ReadTimeOrNull(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : ReadTime(r, i);

    private T ParseEnum<T>(string text)
        where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: false, out T value) && Enum.IsDefined(value)
            ? value
            : throw new ExperimentStoreException($"Experiment store '{Path}' holds an unknown {typeof(T).Name} '{text}'.", Path);

    private static string MetricsToJson(IReadOnlyDictionary<string, double>? metrics)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, value) in metrics ?? new Dictionary<string, double>())
            {
                if (double.IsFinite(value))
                {
                    w.WriteNumber(name, value);
                }
                else
                {
                    w.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
                }
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static Dictionary<string, double> MetricsFromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var dict = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            dict[p.Name] = p.Value.ValueKind == JsonValueKind.String
                ? double.Parse(p.Value.GetString()!, CultureInfo.InvariantCulture)
                : p.Value.GetDouble();
        }

        return dict;
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private SqliteConnection Connection =>
        _connection ?? throw new ObjectDisposedException(nameof(ExperimentStore), $"Experiment store '{Path}' is closed.");

    // Runs body as one transaction, or inside a savepoint of the current one (callers hold no lock yet).
    private T Write<T>(Func<T> body)
    {
        lock (_gate)
        {
            var conn = Connection;
            if (_transaction is null)
            {
                _transaction = conn.BeginTransaction(deferred: false);
                try
                {
                    T result = body();
                    _transaction.Commit();
                    return result;
                }
                catch
                {
                    try
                    {
                        _transaction.Rollback();
                    }
                    catch (Exception)
                    {
                        // SQLite may already have rolled back on its own (e.g. disk full); the original error matters.
                    }

                    throw;
                }
                finally
                {
                    _transaction.Dispose();
                    _transaction = null;
                    _savepoints = 0;
                }
            }

            return InSavepoint(_transaction!, body);
        }
    }

    private T InSavepoint<T>(SqliteTransaction tx, Func<T> body)
    {
        string savepoint = "nassharp_" + (++_savepoints).ToString(CultureInfo.InvariantCulture);
        tx.Save(savepoint);
        try
        {
            T result = body();
            tx.Release(savepoint);
            return result;
        }
        catch
        {
            tx.Rollback(savepoint);
            tx.Release(savepoint);
            throw;
        }
        finally
        {
            _savepoints--;
        }
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        var cmd = Connection.CreateCommand();
        cmd.Transaction = _transaction;
        cmd.CommandText = sql;
        AddParameters(cmd, args);
        return cmd;
    }

    private int Exec(string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(sql, args);
        return cmd.ExecuteNonQuery();
    }

    private void InsertEvent(string kind, string message) =>
        Exec("INSERT INTO events(time, kind, message) VALUES ($t, $k, $m)",
            ("$t", FormatTime(_time.GetUtcNow())), ("$k", kind), ("$m", message));

    private TrialRecord GetTrial(long id) =>
        FindTrial(id) ?? throw new ExperimentStoreException($"Experiment store '{Path}' has no trial with id {id}.", Path);

    private List<TrialRecord> ReadTrials(string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(sql, args);
        using var r = cmd.ExecuteReader();
        var list = new List<TrialRecord>();
        while (r.Read())
        {
            list.Add(new TrialRecord(
                Id: r.GetInt64(0),
                Key: r.GetString(1),
                ArchitectureJson: r.GetString(2),
                ArchitectureHash: r.GetString(3),
                Space: r.GetString(4),
                Status: ParseEnum<TrialStatus>(r.GetString(5)),
                Attempt: r.GetInt32(6),
                FailureReason: r.IsDBNull(7) ? null : r.GetString(7),
                ValidAccuracy: r.IsDBNull(8) ? null : r.GetDouble(8),
                TestAccuracy: r.IsDBNull(9) ? null : r.GetDouble(9),
                Parameters: r.IsDBNull(10) ? null : r.GetInt64(10),
                Macs: r.IsDBNull(11) ? null : r.GetInt64(11),
                LatencyMs: r.IsDBNull(12) ? null : r.GetDouble(12),
                Seconds: r.IsDBNull(13) ? null : r.GetDouble(13),
                Metrics: MetricsFromJson(r.GetString(14)),
                CreatedAt: ReadTime(r, 15),
                StartedAt: ReadTimeOrNull(r, 16),
                FinishedAt: ReadTimeOrNull(r, 17)));
        }

        return list;
    }
}
