namespace NasSharp.Experiments;

using System.Globalization;
using Microsoft.Data.Sqlite;
using static NasSharp.Experiments.StoreEncoding;

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
public sealed partial class ExperimentStore : IDisposable
{
    /// <summary>Value of the <c>format</c> key of the <c>meta</c> table that marks a NasSharp experiment store.</summary>
    public const string Format = "nassharp-experiment";

    /// <summary>Kind of the event <see cref="Create"/> adds.</summary>
    public const string CreatedEventKind = "created";

    /// <summary>Kind of the event <see cref="SetStatus"/> adds; its message reads <c>Old -> New</c>.</summary>
    public const string StatusEventKind = "status";

    /// <summary>Kind of the event <see cref="RequeueUnfinished"/> adds when it requeued at least one trial.</summary>
    public const string RequeuedEventKind = "requeued";

    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

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
                    ParseEnum<ExperimentStatus>(r.GetString(5), Path), ReadTime(r, 6), ReadTime(r, 7), ReadTimeOrNull(r, 8));
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
    /// <param name="durable">Default true: <c>synchronous=FULL</c>, a returned write survives a crash. False:
    /// <c>synchronous=OFF</c> for this connection (faster; a crash of the machine may lose or damage the store), for
    /// throw-away experiments such as <c>nas bench201 replay</c>.</param>
    /// <exception cref="ExperimentStoreException">The file already exists.</exception>
    public static ExperimentStore Create(string path, ExperimentInfo info, TimeProvider? time = null, bool durable = true)
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

        var store = Attach(full, Connect(full, SqliteOpenMode.ReadWrite), time);
        if (!durable) store.Pragma("synchronous = OFF");
        return store;
    }

    /// <summary>
    /// Opens an existing store. The file is checked first (SQLite header, integrity,
    /// <c>meta</c> format and schema version, tables); a file that fails any check is refused and left untouched.
    /// A file of an older schema version (1) that passes the checks is then migrated to <see cref="SchemaVersion"/> in
    /// one transaction, with a <see cref="MigratedEventKind"/> event.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="time">Clock for event, trial and status times; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ExperimentStoreException">
    /// The file is missing, is not a SQLite database (or is corrupt), is not a NasSharp store, has a schema version
    /// newer than <see cref="SchemaVersion"/>, lacks tables, or cannot be migrated. The message names the file.
    /// </exception>
    public static ExperimentStore Open(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        var conn = Validate(full, out int version);
        return Attach(full, conn, time ?? TimeProvider.System, version);
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

    // Configures the connection and migrates a file of an older schema version (Open has validated it).
    private static ExperimentStore Attach(string full, SqliteConnection conn, TimeProvider time, int version = SchemaVersion)
    {
        try
        {
            Configure(conn);
            Migrate(conn, full, version, time);
            return new ExperimentStore(full, conn, time);
        }
        catch (SqliteException e)
        {
            Close(conn);
            throw new ExperimentStoreException($"Cannot open experiment store '{full}' for writing: {e.Message}", full, e);
        }
        catch
        {
            Close(conn);
            throw;
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
    private static SqliteConnection Validate(string full, out int version)
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
                !int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1)
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

            var missing = (version >= 2 ? Tables : TablesV1).Where(t => !tables.Contains(t)).ToList();
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
}
