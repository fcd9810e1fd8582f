namespace NasSharp.Experiments;

using System.Text.Json;
using NasSharp.SearchSpaces;
using NasSharp.Strategies;

/// <summary>
/// Everything a strategy may touch: submit trials by a deterministic key, free slots, results in completion order,
/// metrics, checkpoints of its state, and seeded random streams. Trials are memoised by key in the store: when a
/// resumed strategy replays a proposal whose trial already finished, the stored result is handed back instead of
/// running it again. A result handed back from the store occupies a slot until taken, so a replay with one worker
/// follows the original run step by step.
/// </summary>
public sealed class SearchContext
{
    private readonly ExperimentStore _store;
    private readonly ITrialExecutor _executor;
    private readonly ISearchStrategy _strategy;
    private readonly IProgress<SearchProgress>? _progress;
    private readonly TimeProvider _time;
    private readonly Queue<TrialRecord> _ready = new();
    private readonly List<string> _inFlight = [];
    private readonly List<MetricPoint> _metrics = [];

    internal SearchContext(ExperimentStore store, ITrialExecutor executor, ISearchStrategy strategy, int seed,
        IProgress<SearchProgress>? progress, TimeProvider time)
    {
        _store = store;
        _executor = executor;
        _strategy = strategy;
        Seed = seed;
        _progress = progress;
        _time = time;
    }

    /// <summary>The experiment's root seed.</summary>
    public int Seed { get; }

    /// <summary>Trials that can be submitted now.</summary>
    public int FreeSlots => Math.Max(0, _executor.FreeSlots - _ready.Count);

    /// <summary>Trials submitted whose results have not been taken yet.</summary>
    public int Pending => _executor.Pending + _ready.Count;

    /// <summary>The clock (for throughput and time-left estimates only, never for decisions).</summary>
    public TimeProvider Time => _time;

    /// <summary>The experiment's trial budget (data, split, how trials are trained).</summary>
    public TrialBudget Budget { get; init; } = new();

    /// <summary>The search's data (loaded once, on first use, and shared with the trial runner): the seeded split, the
    /// class-balanced train limit, normalisation.</summary>
    /// <exception cref="InvalidOperationException">The context was built without data (unit tests with fake runners).</exception>
    public SearchData Data => DataSource?.Value ?? throw new InvalidOperationException("This search has no data service.");

    /// <summary>Where <see cref="Data"/> comes from.</summary>
    internal Lazy<SearchData>? DataSource { get; init; }

    /// <summary>A random stream that depends only on the root seed and <paramref name="stream"/>.</summary>
    public Random CreateRandom(string stream) => new(StableSeed.Derive(Seed, stream));

    /// <summary>Submits (or, for a finished key, recalls) the trial <paramref name="key"/> for <paramref name="architecture"/>.</summary>
    /// <param name="key">The strategy's deterministic key.</param>
    /// <param name="architecture">What to train.</param>
    /// <param name="budget">How to train it; default: the experiment's budget.</param>
    /// <param name="kind">What the trial is (<c>trial</c>, <c>retrain</c>, <c>child</c>, ...).</param>
    /// <param name="parentKey">The trial it derives from, if any.</param>
    public TrialRecord Submit(string key, Architecture architecture, TrialBudget? budget = null, string kind = "trial", string? parentKey = null)
    {
        var existing = _store.FindTrial(key);
        _inFlight.Add(key);
        if (existing is { Status: TrialStatus.Succeeded or TrialStatus.Failed })
        {
            _ready.Enqueue(existing);
            return existing;
        }
        var record = existing ?? _store.AddTrial(key, ArchitectureJson.Serialize(architecture, indented: false), architecture.Space);
        record = _store.StartTrial(record.Id);
        _executor.Submit(new TrialSpec(record.Id, key, architecture, StableSeed.Derive(Seed, "trial/" + key), budget));
        return record;
    }

    /// <summary>Records a trial the strategy evaluated itself (for example an architecture scored with shared weights):
    /// a finished key is answered from the store, otherwise <paramref name="evaluate"/> runs and its outcome is stored.
    /// An exception from it is stored as a failed trial.</summary>
    public TrialRecord Record(string key, Architecture architecture, Func<TrialOutcome> evaluate, string kind = "trial", string? parentKey = null)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        var existing = _store.FindTrial(key);
        if (existing is { Status: TrialStatus.Succeeded or TrialStatus.Failed }) return existing;
        var record = existing ?? _store.AddTrial(key, ArchitectureJson.Serialize(architecture, indented: false), architecture.Space);
        record = _store.StartTrial(record.Id);
        var start = _time.GetTimestamp();
        TrialOutcome outcome;
        try
        {
            outcome = evaluate();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = TrialOutcome.Failure($"{e.GetType().Name}: {e.Message}", _time.GetElapsedTime(start).TotalSeconds);
            _store.AddEvent("trial_failed", $"trial {record.Id} ({key}) failed: {outcome.FailureReason}");
        }
        return _store.CompleteTrial(record.Id, outcome);
    }

    /// <summary>Declares the trial <paramref name="key"/> the search's answer (otherwise the answer is the trial with the
    /// best validation accuracy).</summary>
    public void DeclareFinal(string key)
    {
        if (_store.FindTrial(key) is null) throw new ArgumentException($"no trial '{key}' to declare final", nameof(key));
        _store.AddEvent(Experiment.FinalEventKind, key);
    }

    /// <summary>The next finished trial (stored results first, then in completion order).</summary>
    public async Task<TrialRecord> NextResultAsync(CancellationToken cancellation)
    {
        TrialRecord record;
        if (_ready.Count > 0)
        {
            record = _ready.Dequeue();
        }
        else
        {
            var done = await _executor.NextCompletedAsync(cancellation).ConfigureAwait(false);
            record = _store.CompleteTrial(done.Spec.TrialId, done.Outcome);
            if (!done.Outcome.Succeeded) _store.AddEvent("trial_failed", $"trial {record.Id} ({record.Key}) failed: {record.FailureReason}");
        }
        _inFlight.Remove(record.Key);
        return record;
    }

    /// <summary>Records a search-level metric; it is written with the next <see cref="Checkpoint"/>, in the same
    /// transaction as the strategy's state, so a resumed run never records it twice.</summary>
    public void ReportMetric(long step, string name, double value) =>
        _metrics.Add(new MetricPoint(step, name, value, _time.GetUtcNow()));

    /// <summary>Reports progress to the user.</summary>
    public void Report(SearchProgress progress) => _progress?.Report(progress);

    /// <summary>Saves the strategy's state, the in-flight keys and buffered metrics in one transaction.</summary>
    public void Checkpoint(long step)
    {
        var snapshot = new StrategySnapshot(_strategy.SaveState(), _inFlight.ToArray());
        _store.InTransaction(() =>
        {
            _store.AddMetrics(_metrics);
            _store.SaveStrategyState(JsonSerializer.SerializeToUtf8Bytes(snapshot), step);
        });
        _metrics.Clear();
    }

    /// <summary>Restores the strategy from the last checkpoint (if any) and resubmits its in-flight trials.</summary>
    internal void Restore()
    {
        var saved = _store.LoadStrategyState();
        if (saved is null) return;
        var snapshot = JsonSerializer.Deserialize<StrategySnapshot>(saved.Value.State)
                       ?? throw new InvalidDataException($"{_store.Path}: the saved strategy state is empty.");
        _strategy.LoadState(snapshot.Strategy);
        foreach (var key in snapshot.InFlight)
        {
            var trial = _store.FindTrial(key) ?? throw new InvalidDataException($"{_store.Path}: in-flight trial '{key}' is missing.");
            Submit(key, ArchitectureJson.Deserialize(trial.ArchitectureJson));
        }
    }

    private sealed record StrategySnapshot(byte[] Strategy, string[] InFlight);
}
