namespace NasSharp.Experiments;

using System.Text.Json;
using NasSharp.SearchSpaces;
using NasSharp.Strategies;
using NasSharp.Training;

/// <summary>
/// Everything a strategy may touch: submit trials by a deterministic key, free slots, results in completion order,
/// metrics, checkpoints of its state, and seeded random streams. Trials are memoised by key in the store: when a
/// resumed strategy replays a proposal whose trial already finished, the stored result is handed back instead of
/// running it again. A result handed back from the store occupies a slot until taken, so a replay with one worker
/// follows the original run step by step. Every trial is stored with its whole spec (kind, parent, budget, seed), so a
/// resumed run resubmits an interrupted trial exactly as it was first submitted.
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
    private IReadOnlyList<GalleryRow>? _gallery;

    internal SearchContext(ExperimentStore store, ITrialExecutor executor, ISearchStrategy strategy, int seed,
        IProgress<SearchProgress>? progress, TimeProvider time, string? experimentFolder = null)
    {
        _store = store;
        _executor = executor;
        _strategy = strategy;
        Seed = seed;
        _progress = progress;
        _time = time;
        Folder = Path.GetFullPath(experimentFolder ?? Path.GetDirectoryName(store.Path)!);
    }

    /// <summary>The experiment folder (default: the store's folder): state files and trial artefacts are recorded
    /// relative to it.</summary>
    public string Folder { get; }

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

    /// <summary>Adds the NAS-Bench-201 true accuracies to every outcome before it is stored; null: none.</summary>
    internal Benchmarks.Nb201Annotator? Annotator { get; init; }

    private TrialOutcome Annotate(Architecture architecture, TrialOutcome outcome) => Annotator?.Annotate(architecture, outcome) ?? outcome;

    /// <summary>A random stream that depends only on the root seed and <paramref name="stream"/>.</summary>
    public Random CreateRandom(string stream) => new(StableSeed.Derive(Seed, stream));

    /// <summary>Submits (or, for a finished key, recalls) the trial <paramref name="key"/> for <paramref name="architecture"/>.
    /// A new trial is stored with its kind, parent, budget (as JSON) and seed (<c>StableSeed.Derive(Seed, "trial/" + key)</c>);
    /// an unfinished stored trial is run again with what it was stored with (a trial stored without a budget takes
    /// <paramref name="budget"/>).</summary>
    /// <param name="key">The strategy's deterministic key.</param>
    /// <param name="architecture">What to train.</param>
    /// <param name="budget">How to train it; default: the experiment's budget.</param>
    /// <param name="kind">What the trial is for; default <see cref="TrialRecord.DefaultKind"/> (<c>trial</c>).</param>
    /// <param name="parentKey">Key of the trial it derives from; default null (none).</param>
    /// <exception cref="InvalidOperationException">The store holds <paramref name="key"/> with a different architecture.</exception>
    public TrialRecord Submit(string key, Architecture architecture, TrialBudget? budget = null,
        string kind = TrialRecord.DefaultKind, string? parentKey = null)
    {
        var json = ArchitectureJson.Serialize(architecture, indented: false);
        var existing = FindSameArchitecture(key, json);
        _inFlight.Add(key);
        if (existing is { Status: TrialStatus.Succeeded or TrialStatus.Failed })
        {
            _ready.Enqueue(existing);
            return existing;
        }
        var record = existing ?? _store.AddTrial(key, json, architecture.Space, kind, parentKey,
            budget is null ? null : JsonSerializer.Serialize(budget, ModelFolder.Json), TrialSeed(key));
        record = _store.StartTrial(record.Id);
        _executor.Submit(new TrialSpec(record.Id, key, architecture, record.Seed ?? TrialSeed(key),
            StoredBudget(record) ?? budget, record.Kind, record.ParentKey));
        return record;
    }

    /// <summary>Records a trial the strategy evaluated itself (for example an architecture scored with shared weights):
    /// a finished key is answered from the store, otherwise <paramref name="evaluate"/> runs and its outcome is stored.
    /// An exception from it is stored as a failed trial.</summary>
    /// <param name="key">The strategy's deterministic key.</param>
    /// <param name="architecture">What was evaluated.</param>
    /// <param name="evaluate">Evaluates it.</param>
    /// <param name="kind">What the trial is for; default <see cref="TrialRecord.DefaultKind"/> (<c>trial</c>).</param>
    /// <param name="parentKey">Key of the trial it derives from; default null (none).</param>
    /// <exception cref="InvalidOperationException">The store holds <paramref name="key"/> with a different architecture.</exception>
    public TrialRecord Record(string key, Architecture architecture, Func<TrialOutcome> evaluate,
        string kind = TrialRecord.DefaultKind, string? parentKey = null)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        var json = ArchitectureJson.Serialize(architecture, indented: false);
        var existing = FindSameArchitecture(key, json);
        if (existing is { Status: TrialStatus.Succeeded or TrialStatus.Failed }) return existing;
        var record = existing ?? _store.AddTrial(key, json, architecture.Space, kind, parentKey, budgetJson: null, TrialSeed(key));
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
        return _store.CompleteTrial(record.Id, Annotate(architecture, outcome));
    }

    /// <summary>The full path of <paramref name="trial"/>'s artefact (its weights file), after checking that the file
    /// exists and its SHA-256 is the one stored with the trial.</summary>
    /// <exception cref="InvalidDataException">The trial has no artefact, or the file is missing or differs; the
    /// message names the file and the store.</exception>
    public string ArtefactPath(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.ArtefactPath is null || trial.ArtefactHash is null)
        {
            throw new InvalidDataException(
                $"Trial '{trial.Key}' in experiment store '{_store.Path}' has no artefact (no weights file was stored with it).");
        }
        return StateFiles.Verify(Folder, trial.ArtefactPath, trial.ArtefactHash, $"The weights file of trial '{trial.Key}'", _store.Path);
    }

    /// <summary>The stored trial <paramref name="key"/>, or null.</summary>
    public TrialRecord? FindTrial(string key) => _store.FindTrial(key);

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
            record = _store.CompleteTrial(done.Spec.TrialId, Annotate(done.Spec.Architecture, done.Outcome));
            if (!done.Outcome.Succeeded) _store.AddEvent("trial_failed", $"trial {record.Id} ({record.Key}) failed: {record.FailureReason}");
        }
        _inFlight.Remove(record.Key);
        return record;
    }

    /// <summary>Records a search-level metric; it is written with the next <see cref="Checkpoint"/>, in the same
    /// transaction as the strategy's state, so a resumed run never records it twice.</summary>
    public void ReportMetric(long step, string name, double value) =>
        _metrics.Add(new MetricPoint(step, name, value, _time.GetUtcNow()));

    /// <summary>Sets the model gallery (a forward search's models with their frontier flags); it replaces the stored
    /// gallery with the next <see cref="Checkpoint"/>, in the same transaction as the strategy's state.</summary>
    public void SetGallery(IReadOnlyList<GalleryRow> rows) => _gallery = rows ?? throw new ArgumentNullException(nameof(rows));

    /// <summary>Reports progress to the user.</summary>
    public void Report(SearchProgress progress) => _progress?.Report(progress);

    /// <summary>Saves the strategy's state, the in-flight keys and buffered metrics in one transaction. A strategy that
    /// implements <see cref="ITensorState"/> (and has tensors) first writes them to a new file
    /// <c>strategy/state-&lt;step&gt;.bin</c>, recorded (path, SHA-256, size) in the same transaction; older tensor
    /// files are deleted after the commit, so the store always names an existing file with the recorded hash.</summary>
    public void Checkpoint(long step)
    {
        var snapshot = new StrategySnapshot(_strategy.SaveState(), _inFlight.ToArray());
        var tensorState = _strategy as ITensorState;
        var tensors = tensorState is { HasTensors: true } ? StateFiles.WriteTensors(Folder, tensorState, step) : null;
        _store.InTransaction(() =>
        {
            _store.AddMetrics(_metrics);
            if (_gallery is not null) _store.SaveGallery(_gallery);
            _store.SaveStrategyState(JsonSerializer.SerializeToUtf8Bytes(snapshot), step);
            if (tensors is not null) _store.SaveStateFile(tensors);
            else if (tensorState is not null) _store.RemoveStateFile(StateFiles.TensorsName);
        });
        _metrics.Clear();
        _gallery = null;
        if (tensorState is not null) StateFiles.DeleteOtherTensorFiles(Folder, tensors?.Path);
    }

    /// <summary>Restores the strategy from the last checkpoint (if any): its state, then its tensor file (checked
    /// against the recorded hash), then resubmits its in-flight trials with their stored budget, kind, parent and seed.</summary>
    /// <exception cref="InvalidDataException">The saved state is damaged, or the recorded tensor file is missing or differs.</exception>
    internal void Restore()
    {
        var saved = _store.LoadStrategyState();
        if (saved is null) return;
        var snapshot = JsonSerializer.Deserialize<StrategySnapshot>(saved.Value.State)
                       ?? throw new InvalidDataException($"{_store.Path}: the saved strategy state is empty.");
        _strategy.LoadState(snapshot.Strategy);
        if (_store.FindStateFile(StateFiles.TensorsName) is { } file)
        {
            if (_strategy is not ITensorState tensorState)
            {
                throw new InvalidDataException(
                    $"{_store.Path} records a strategy tensor file '{file.Path}', but strategy '{_strategy.Name}' does not load tensors.");
            }
            tensorState.LoadTensors(StateFiles.Verify(Folder, file.Path, file.Hash, "The strategy tensor file", _store.Path));
        }
        foreach (var key in snapshot.InFlight)
        {
            var trial = _store.FindTrial(key) ?? throw new InvalidDataException($"{_store.Path}: in-flight trial '{key}' is missing.");
            Submit(key, ArchitectureJson.Deserialize(trial.ArchitectureJson));
        }
    }

    private int TrialSeed(string key) => StableSeed.Derive(Seed, "trial/" + key);

    // The stored trial with this key, refused when it holds another architecture (a key must always name one).
    private TrialRecord? FindSameArchitecture(string key, string architectureJson)
    {
        var existing = _store.FindTrial(key);
        if (existing is null) return null;
        var hash = ExperimentStore.HashArchitecture(architectureJson);
        if (hash == existing.ArchitectureHash) return existing;
        throw new InvalidOperationException(
            $"The strategy proposed a different architecture for the stored key '{key}' in experiment store '{_store.Path}': " +
            $"stored architecture hash {existing.ArchitectureHash}, proposed {hash}. A key must always name the same " +
            "architecture; this comes from a non-deterministic strategy or a changed config (resume with the config the " +
            "experiment was created with, or start a new experiment).");
    }

    private TrialBudget? StoredBudget(TrialRecord trial)
    {
        if (trial.BudgetJson is null) return null;
        try
        {
            return JsonSerializer.Deserialize<TrialBudget>(trial.BudgetJson, ModelFolder.Json)
                   ?? throw new InvalidDataException($"{_store.Path}: trial '{trial.Key}' has an empty budget.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{_store.Path}: the budget of trial '{trial.Key}' is not a valid trial budget: {e.Message}", e);
        }
    }

    private sealed record StrategySnapshot(byte[] Strategy, string[] InFlight);
}
