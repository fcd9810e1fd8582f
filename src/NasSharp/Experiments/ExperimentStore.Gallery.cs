namespace NasSharp.Experiments;

using Microsoft.Data.Sqlite;

/// <content>The model gallery of a forward search (Petridish): one table, <c>gallery</c>, replaced as a whole. It is made
/// on first use, so stores of the same schema version without it stay valid.</content>
public sealed partial class ExperimentStore
{
    private const string GallerySql = """
        CREATE TABLE IF NOT EXISTS gallery(
            key TEXT PRIMARY KEY, kind TEXT NOT NULL, parent_key TEXT, architecture TEXT NOT NULL, channels INTEGER NOT NULL,
            layers INTEGER NOT NULL, valid_error REAL NOT NULL, test_error REAL, parameters INTEGER, macs INTEGER, latency_ms REAL,
            on_hull INTEGER NOT NULL, in_epsilon_hull INTEGER NOT NULL, sampled INTEGER NOT NULL, position INTEGER NOT NULL)
        """;

    /// <summary>Replaces the gallery with <paramref name="rows"/> (in one transaction, or inside the caller's
    /// <see cref="InTransaction"/>).</summary>
    public void SaveGallery(IReadOnlyList<GalleryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Write(() =>
        {
            using (var create = Command(GallerySql)) create.ExecuteNonQuery();
            using (var clear = Command("DELETE FROM gallery")) clear.ExecuteNonQuery();
            var position = 0;
            foreach (var r in rows)
            {
                using var cmd = Command(
                    "INSERT INTO gallery(key, kind, parent_key, architecture, channels, layers, valid_error, test_error, parameters, macs, latency_ms, " +
                    "on_hull, in_epsilon_hull, sampled, position) VALUES ($k, $kind, $p, $a, $c, $l, $ve, $te, $par, $m, $lat, $h, $e, $s, $pos)",
                    ("$k", r.Key), ("$kind", r.Kind), ("$p", r.ParentKey), ("$a", r.Architecture), ("$c", r.Channels), ("$l", r.Layers),
                    ("$ve", r.ValidError), ("$te", r.TestError), ("$par", r.Parameters), ("$m", r.Macs), ("$lat", r.LatencyMs),
                    ("$h", r.OnHull ? 1 : 0), ("$e", r.InEpsilonHull ? 1 : 0), ("$s", r.Sampled), ("$pos", position++));
                cmd.ExecuteNonQuery();
            }
            return 0;
        });
    }

    /// <summary>The gallery in its saved order; empty when none was saved.</summary>
    public IReadOnlyList<GalleryRow> Gallery()
    {
        lock (_gate)
        {
            using (var check = Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'gallery'"))
                if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return [];
            using var cmd = Command("SELECT key, kind, parent_key, architecture, channels, layers, valid_error, test_error, parameters, macs, " +
                                    "latency_ms, on_hull, in_epsilon_hull, sampled FROM gallery ORDER BY position");
            using var r = cmd.ExecuteReader();
            var list = new List<GalleryRow>();
            while (r.Read())
            {
                list.Add(new GalleryRow(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetInt32(4),
                    r.GetInt32(5), r.GetDouble(6), r.IsDBNull(7) ? null : r.GetDouble(7), r.IsDBNull(8) ? null : r.GetInt64(8),
                    r.IsDBNull(9) ? null : r.GetInt64(9), r.IsDBNull(10) ? null : r.GetDouble(10), r.GetInt64(11) != 0, r.GetInt64(12) != 0, r.GetInt32(13)));
            }
            return list;
        }
    }
}
