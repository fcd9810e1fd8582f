namespace NasSharp.Experiments;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

/// <summary>How the store encodes values: times as UTC ISO-8601 round-trip strings, enums by name, metric maps as JSON
/// objects (non-finite values as strings), files by their SHA-256 in lower-case hex.</summary>
internal static class StoreEncoding
{
    /// <summary>A time as stored (UTC, round-trip <c>"O"</c>); null stays null.</summary>
    public static string? FormatTime(DateTimeOffset? time) => time is { } t ? FormatTime(t) : null;

    /// <summary>A time as stored (UTC, round-trip <c>"O"</c>).</summary>
    public static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Column <paramref name="i"/> read back as a time with offset zero.</summary>
    public static DateTimeOffset ReadTime(SqliteDataReader r, int i) =>
        DateTimeOffset.ParseExact(r.GetString(i), "O", CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>Like <see cref="ReadTime"/>; NULL reads as null.</summary>
    public static DateTimeOffset? ReadTimeOrNull(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : ReadTime(r, i);

    /// <summary>An enum stored by name; an unknown name is an <see cref="ExperimentStoreException"/> naming the store <paramref name="storePath"/>.</summary>
    public static T ParseEnum<T>(string text, string storePath)
        where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: false, out T value) && Enum.IsDefined(value)
            ? value
            : throw new ExperimentStoreException($"Experiment store '{storePath}' holds an unknown {typeof(T).Name} '{text}'.", storePath);

    /// <summary>A metric map as a JSON object; NaN and infinities are written as strings (JSON has no such numbers).</summary>
    public static string MetricsToJson(IReadOnlyDictionary<string, double>? metrics)
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

    /// <summary>Reads what <see cref="MetricsToJson"/> wrote.</summary>
    public static Dictionary<string, double> MetricsFromJson(string json)
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

    /// <summary>SHA-256 of the bytes of the file <paramref name="path"/>, lower-case hex.</summary>
    public static string FileSha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
