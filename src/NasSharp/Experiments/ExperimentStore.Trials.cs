namespace NasSharp.Experiments;

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using static NasSharp.Experiments.StoreEncoding;

/// <content>Trials: add, start, complete, requeue and read them.</content>
public sealed partial class ExperimentStore
{
    private const string TrialColumns =
        "id, key, architecture_json, architecture_hash, space, status, attempt, failure_reason, valid_accuracy, " +
        "test_accuracy, parameters, macs, latency_ms, seconds, metrics_json, created_at, started_at, finished_at, " +
        "kind, parent_key, budget_json, seed, artefact_path, artefact_hash";

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
    /// <param name="key">The strategy's key; unique in the store.</param>
    /// <param name="architectureJson">The architecture as JSON.</param>
    /// <param name="space">Search-space name.</param>
    /// <param name="kind">What the trial is for; default <see cref="TrialRecord.DefaultKind"/> (<c>trial</c>).</param>
    /// <param name="parentKey">Key of the trial it derives from; default null (none).</param>
    /// <param name="budgetJson">The trial's own <see cref="TrialBudget"/> as JSON; default null (the experiment's budget).</param>
    /// <param name="seed">The trial's seed; default null (not recorded).</param>
    /// <exception cref="ExperimentStoreException">A trial with <paramref name="key"/> exists.</exception>
    /// <exception cref="ArgumentException"><paramref name="architectureJson"/> or <paramref name="budgetJson"/> is not
    /// valid JSON, or <paramref name="kind"/> is empty.</exception>
    public TrialRecord AddTrial(string key, string architectureJson, string space, string kind = TrialRecord.DefaultKind,
        string? parentKey = null, string? budgetJson = null, int? seed = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        string hash = HashArchitecture(architectureJson);
        if (budgetJson is not null)
        {
            RequireJson(budgetJson, nameof(budgetJson), $"the budget of trial '{key}'");
        }

        return Write(() =>
        {
            if (FindTrial(key) is { } existing)
            {
                throw new ExperimentStoreException(
                    $"Experiment store '{Path}' already has a trial with key '{key}' (id {existing.Id}).", Path);
            }

            using var cmd = Command(
                "INSERT INTO trials(key, architecture_json, architecture_hash, space, status, attempt, metrics_json, created_at, " +
                "kind, parent_key, budget_json, seed) " +
                "VALUES ($k, $j, $h, $s, $st, 0, '{}', $t, $kind, $parent, $budget, $seed) RETURNING id",
                ("$k", key), ("$j", architectureJson), ("$h", hash), ("$s", space), ("$st", nameof(TrialStatus.Queued)),
                ("$t", FormatTime(_time.GetUtcNow())), ("$kind", kind), ("$parent", parentKey), ("$budget", budgetJson),
                ("$seed", seed));
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
    /// (from <see cref="TrialOutcome.Succeeded"/>) with every field of <paramref name="outcome"/> (its artefact too, or
    /// none when it has none), <c>FinishedAt</c> now.
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
                "parameters = $p, macs = $m, latency_ms = $l, seconds = $sec, metrics_json = $mj, finished_at = $t, " +
                "artefact_path = $ap, artefact_hash = $ah WHERE id = $id",
                ("$st", (outcome.Succeeded ? TrialStatus.Succeeded : TrialStatus.Failed).ToString()),
                ("$fr", outcome.FailureReason), ("$va", outcome.ValidAccuracy), ("$ta", outcome.TestAccuracy),
                ("$p", outcome.Parameters), ("$m", outcome.Macs), ("$l", outcome.LatencyMs), ("$sec", outcome.Seconds),
                ("$mj", MetricsToJson(outcome.Metrics)), ("$t", FormatTime(_time.GetUtcNow())), ("$ap", outcome.Artefact?.Path),
                ("$ah", outcome.Artefact?.Hash), ("$id", id));
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
                Status: ParseEnum<TrialStatus>(r.GetString(5), Path),
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
                FinishedAt: ReadTimeOrNull(r, 17),
                Kind: r.GetString(18),
                ParentKey: r.IsDBNull(19) ? null : r.GetString(19),
                BudgetJson: r.IsDBNull(20) ? null : r.GetString(20),
                Seed: r.IsDBNull(21) ? null : r.GetInt32(21),
                ArtefactPath: r.IsDBNull(22) ? null : r.GetString(22),
                ArtefactHash: r.IsDBNull(23) ? null : r.GetString(23)));
        }

        return list;
    }

    private static void RequireJson(string json, string parameter, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{what} is not valid JSON: {e.Message}", parameter, e);
        }
    }
}
