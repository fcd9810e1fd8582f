namespace NasSharp.Experiments;

using Microsoft.Data.Sqlite;
using static NasSharp.Experiments.StoreEncoding;

/// <content>Series: search metrics, events and the strategy's saved state (blob and state files).</content>
public sealed partial class ExperimentStore
{
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

    /// <summary>Records <paramref name="file"/> under its name, replacing an earlier file of that name (the file itself
    /// is the caller's: the store keeps only its path, hash and size).</summary>
    public void SaveStateFile(StateFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(file.Name, nameof(StateFile.Name));
        ArgumentException.ThrowIfNullOrEmpty(file.Path, nameof(StateFile.Path));
        ArgumentException.ThrowIfNullOrEmpty(file.Hash, nameof(StateFile.Hash));
        Write(() => Exec(
            "INSERT OR REPLACE INTO state_files(name, path, hash, bytes) VALUES ($n, $p, $h, $b)",
            ("$n", file.Name), ("$p", file.Path), ("$h", file.Hash), ("$b", file.Bytes)));
    }

    /// <summary>Forgets the state file named <paramref name="name"/>; returns whether one was recorded.</summary>
    public bool RemoveStateFile(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Write(() => Exec("DELETE FROM state_files WHERE name = $n", ("$n", name))) > 0;
    }

    /// <summary>The state file recorded under <paramref name="name"/>, or <c>null</c>.</summary>
    public StateFile? FindStateFile(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            using var cmd = Command("SELECT name, path, hash, bytes FROM state_files WHERE name = $n", ("$n", name));
            using var r = cmd.ExecuteReader();
            return r.Read() ? new StateFile(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3)) : null;
        }
    }
}
