namespace NasSharp.Strategies.Petridish;

using System.Globalization;
using System.Text;
using System.Text.Json;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Training;

/// <summary>
/// Petridish (Hu, Langford, Caruana, Mukherjee, Horvitz, Dey, "Efficient Forward Architecture Search", NeurIPS 2019),
/// asynchronous as petridishnn's controller: seeds (kind <c>seed</c>) are trained and enter the gallery; whenever a
/// slot is free a parent is drawn from the gallery's ε-hull (<see cref="PetridishGallery.SampleParent"/>, stream
/// <c>parent/n</c>) and a candidate search runs on it (<c>cand-n</c>, kind <c>candidate</c>); when it finishes, the top-k
/// pairs of each cell type become a new gated node (<see cref="CandidateSelection"/>) and the child trains from the
/// candidate search's weights (<c>child-n</c>, kind <c>child</c>, parent key <c>cand-n</c>, whose parent key is the
/// model grown). Results are handled in whatever order they finish; a failed trial is data (no gallery entry, its slot
/// goes to the next job). No new candidate search starts at <see cref="PetridishOptions.MaxModels"/> (counting the models
/// in flight), <see cref="PetridishOptions.MaxMacs"/>, <see cref="PetridishOptions.MaxTrials"/>,
/// <see cref="PetridishOptions.MaxMinutes"/> or after 5 failures in a row; every seed runs, jobs in flight finish and a
/// finished candidate search still trains its child. Then the most accurate model within <c>--pick-max-macs</c> /
/// <c>--pick-max-params</c> is declared the answer.
/// The state (counters, gallery with sampling counts, candidate → parent map) is checkpointed after every result, with
/// the gallery table; <c>gallery.csv</c> is rewritten each time.
/// </summary>
public sealed class PetridishSearch : ISearchStrategy
{
    /// <summary>The gallery file in the experiment folder.</summary>
    public const string GalleryFile = "gallery.csv";

    private const int FailureLimit = 5;
    private readonly PetridishOptions _options;
    private State _state = new();
    private long _runStart;

    /// <summary>Creates the search.</summary>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public PetridishSearch(PetridishOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "petridish";

    /// <summary>The gallery now (trained models in completion order).</summary>
    public IReadOnlyList<GalleryEntry> Gallery => _state.Gallery;

    /// <summary>The seed genotype <paramref name="arch"/> names: a Petridish genotype, or a DARTS-format cell read as a seed
    /// (<see cref="PetridishSearchSpace.FromDarts(CellGenotype)"/>); null or empty: petridishnn's seed.</summary>
    /// <exception cref="ArgumentException">Another kind of architecture, or text that is none; the message names <c>--seed-arch</c>.</exception>
    public static PetridishGenotype SeedGenotype(string? arch)
    {
        if (string.IsNullOrWhiteSpace(arch)) return PetridishSearchSpace.TfSeed();
        Architecture parsed;
        try
        {
            parsed = ArchitectureParser.Parse(arch);
        }
        catch (ArchitectureFormatException e)
        {
            throw new ArgumentException($"--seed-arch: {e.Message}", e);
        }
        return parsed switch
        {
            PetridishGenotype g => g,
            CellGenotype g => PetridishSearchSpace.FromDarts(g),
            _ => throw new ArgumentException($"--seed-arch: expected a DARTS-format cell or a Petridish genotype, got an architecture of space '{parsed.Space}'."),
        };
    }

    /// <summary>The seeds: the seed genotype at every depth × width of the options, as (key, genotype, budget) with the seed epochs.</summary>
    public IReadOnlyList<(string Key, PetridishGenotype Genotype, TrialBudget Budget)> Seeds(TrialBudget budget)
    {
        var genotype = SeedGenotype(_options.SeedArch);
        var seeds = new List<(string, PetridishGenotype, TrialBudget)>();
        foreach (var layers in _options.SeedLayerList())
            foreach (var channels in _options.SeedChannelList())
                seeds.Add(($"seed-{seeds.Count}", genotype, budget with { Layers = layers, Channels = channels, Epochs = _options.SeedEpochs }));
        return seeds;
    }

    /// <inheritdoc />
    public async Task RunAsync(SearchContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        _runStart = context.Time.GetTimestamp();
        var seeds = Seeds(context.Budget);
        while (true)
        {
            while (context.FreeSlots > 0 && Propose(context, seeds)) { }
            if (context.Pending == 0) break;
            var result = await context.NextResultAsync(cancellation).ConfigureAwait(false);
            Take(context, result);
        }
        var rows = Rows();
        var within = GalleryPick.Choose(rows, _options.PickMaxMacs, _options.PickMaxParams);
        if (Pick() is { } answer)
        {
            context.DeclareFinal(answer.Key);
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"gallery of {_state.Gallery.Count} models; answer {answer.Key}: valid {100 * (1 - answer.ValidError):F2}%, {answer.Macs / 1e6:F2}M MACs, {answer.Parameters / 1e6:F3}M params");
            if (within is null)
                summary += $"; NO model meets the constraint (--pick-max-macs {_options.PickMaxMacs}, --pick-max-params {_options.PickMaxParams}): the answer is the cheapest model";
            if (_state.StopReason is { } why) summary += $"; stopped growing: {why}";
            context.Report(new SearchProgress("done", _state.Completed, _state.Completed, summary, 1 - answer.ValidError));
        }
        else
        {
            context.Report(new SearchProgress("done", _state.Completed, _state.Completed,
                $"no model was trained: all {_state.SeedsSubmitted} seed(s) failed (see the failed trials in the report)", null));
        }
    }

    // Submits the next job; false when there is none to start now.
    private bool Propose(SearchContext context, IReadOnlyList<(string Key, PetridishGenotype Genotype, TrialBudget Budget)> seeds)
    {
        if (_state.SeedsSubmitted < seeds.Count)
        {
            var (key, genotype, budget) = seeds[_state.SeedsSubmitted];
            context.Submit(key, genotype, budget, PetridishTrialRunner.SeedKind);
            _state = _state with { SeedsSubmitted = _state.SeedsSubmitted + 1, Submitted = _state.Submitted + 1 };
            return true;
        }
        if (_state.Gallery.Count == 0) return false;
        if (StopReason(context) is { } reason)
        {
            _state = _state with { StopReason = reason };
            return false;
        }
        if (PetridishGallery.EpsilonHull(_state.Gallery, _options.Cost, _options.Epsilon).Count == 0)
        {
            _state = _state with { StopReason = $"no gallery model has a finite validation error and {_options.Cost}" };
            return false;
        }
        var n = _state.Candidates;
        var parent = PetridishGallery.SampleParent(_state.Gallery, _options.Cost, _options.Epsilon, context.CreateRandom($"parent/{n}"));
        VerifyWeights(context, parent.Key);
        var gallery = _state.Gallery.Select(e => e.Key == parent.Key ? e with { Sampled = e.Sampled + 1 } : e).ToList();
        var candidate = $"cand-{n}";
        context.Submit(candidate, ArchitectureJson.Deserialize(parent.ArchitectureJson), BudgetOf(context, parent, _options.CandidateEpochs),
            PetridishTrialRunner.CandidateKind, parent.Key);
        _state = _state with
        {
            Candidates = n + 1, Submitted = _state.Submitted + 1, Gallery = gallery, StopReason = null,
            CandidateParents = new Dictionary<string, string>(_state.CandidateParents) { [candidate] = parent.Key },
            InFlightGrowth = _state.InFlightGrowth + 1,
        };
        return true;
    }

    // A job starts from a trial's weights (trials/<key>/model.bin): check the file against the hash stored with the trial
    // before launching it (a trial recorded without weights, as a test's fake runner makes, has nothing to check).
    private static void VerifyWeights(SearchContext context, string key)
    {
        if (context.FindTrial(key) is { ArtefactPath: not null } trial) context.ArtefactPath(trial);
    }

    // Why no new candidate search may start now, or null. Evaluated afresh each time: a limit on models counts the jobs
    // in flight, and one of them failing frees room again.
    private string? StopReason(SearchContext context)
    {
        var o = _options;
        if (o.MaxModels > 0 && _state.Gallery.Count + _state.InFlightGrowth + _state.SeedsSubmitted - _state.SeedsTaken >= o.MaxModels) return $"--max-models {o.MaxModels} reached";
        if (o.MaxMacs > 0 && _state.Gallery.FirstOrDefault(e => e.Macs > o.MaxMacs) is { } big) return $"{big.Key} costs {big.Macs:N0} MACs > --max-macs {o.MaxMacs:N0}";
        if (o.MaxTrials > 0 && _state.Submitted >= o.MaxTrials) return $"--max-trials {o.MaxTrials} reached";
        if (o.MaxMinutes > 0 && ElapsedSeconds(context) >= 60 * o.MaxMinutes) return $"--max-minutes {o.MaxMinutes} reached";
        if (_state.FailuresInARow >= FailureLimit) return $"{FailureLimit} trials failed in a row";
        return null;
    }

    private double ElapsedSeconds(SearchContext context) => _state.SecondsBefore + context.Time.GetElapsedTime(_runStart).TotalSeconds;

    private void Take(SearchContext context, TrialRecord result)
    {
        var ok = result.Status == TrialStatus.Succeeded;
        _state = _state with { Completed = _state.Completed + 1, FailuresInARow = ok ? 0 : _state.FailuresInARow + 1 };
        string what;
        switch (result.Kind)
        {
            case PetridishTrialRunner.CandidateKind:
                _state = _state with { InFlightGrowth = _state.InFlightGrowth - 1 };
                if (!_state.CandidateParents.TryGetValue(result.Key, out var grown) || grown != result.ParentKey)
                {
                    throw new InvalidDataException(
                        $"The stored candidate search '{result.Key}' grows '{result.ParentKey}', but this search drew '{grown}' for it: the experiment was " +
                        "resumed with another configuration or worker count than it was made with.");
                }
                OpEdge[]? normal = null, reduce = null;
                var parent = (PetridishGenotype)ArchitectureJson.Deserialize(result.ArchitectureJson);
                string? unusable = null;
                if (ok)
                {
                    try
                    {
                        normal = CandidateSelection.TopK(result.Metrics, "normal", parent.Normal.States, _options.TopK);
                        reduce = CandidateSelection.TopK(result.Metrics, "reduce", parent.Reduce.States, _options.TopK);
                    }
                    catch (InvalidDataException e)
                    {
                        unusable = e.Message; // a result without usable weights is a failed search: the next job takes its slot
                        _state = _state with { FailuresInARow = _state.FailuresInARow + 1 };
                    }
                }
                if (ok && unusable is null)
                {
                    var n = result.Key["cand-".Length..];
                    VerifyWeights(context, result.Key);
                    var child = PetridishSearchSpace.Grow(parent, normal!, reduce!);
                    var parentEntry = _state.Gallery.First(e => e.Key == result.ParentKey);
                    context.Submit($"child-{n}", child, BudgetOf(context, parentEntry, _options.ChildEpochs), PetridishTrialRunner.ChildKind, result.Key);
                    _state = _state with { Submitted = _state.Submitted + 1, InFlightGrowth = _state.InFlightGrowth + 1 };
                    what = $"candidates on {result.ParentKey}: normal + [{Pairs(normal!)}], reduce + [{Pairs(reduce!)}]";
                }
                else what = $"candidate search on {result.ParentKey} FAILED: {unusable ?? result.FailureReason}";
                break;
            default:
                if (result.Kind == PetridishTrialRunner.ChildKind) _state = _state with { InFlightGrowth = _state.InFlightGrowth - 1 };
                else _state = _state with { SeedsTaken = _state.SeedsTaken + 1 };
                var modelParent = result.ParentKey is { } cand && _state.CandidateParents.TryGetValue(cand, out var p) ? p : null;
                if (ok && result.ValidAccuracy is { } valid)
                {
                    var budget = Budget(result) ?? context.Budget;
                    _state = _state with
                    {
                        Gallery = [.. _state.Gallery, new GalleryEntry(result.Key, result.Kind, modelParent, result.ArchitectureJson, budget.Channels,
                            budget.Layers, 1 - valid, result.TestAccuracy is { } t ? 1 - t : null, result.Parameters, result.Macs, result.LatencyMs)],
                    };
                    what = string.Create(CultureInfo.InvariantCulture,
                        $"{result.Key}{(modelParent is null ? "" : $" (from {modelParent})")}: valid {100 * valid:F2}%, {result.Macs / 1e6:F2}M MACs");
                }
                else what = $"{result.Key} FAILED: {result.FailureReason}";
                break;
        }
        var rows = Rows();
        context.ReportMetric(_state.Completed, "gallery_models", _state.Gallery.Count);
        context.ReportMetric(_state.Completed, "hull_models", rows.Count(r => r.OnHull));
        if (_state.Gallery.Count > 0) context.ReportMetric(_state.Completed, "best_valid_accuracy", 1 - _state.Gallery.Min(e => e.ValidError));
        _state = _state with { SecondsBefore = ElapsedSeconds(context) };
        _runStart = context.Time.GetTimestamp();
        context.SetGallery(rows);
        context.Checkpoint(_state.Completed);
        WriteCsv(Path.Combine(context.Folder, GalleryFile), rows); // after the commit: the file never runs ahead of the store
        context.Report(new SearchProgress("trial", _state.Completed, null, $"job {_state.Completed} {result.Kind} {what}; gallery {_state.Gallery.Count}, hull {rows.Count(r => r.OnHull)}",
            _state.Gallery.Count > 0 ? 1 - _state.Gallery.Min(e => e.ValidError) : null));
    }

    private static string Pairs(IEnumerable<OpEdge> pairs) => string.Join(", ", pairs.Select(p => $"{p.Op}~{p.Input}"));

    private static TrialBudget? Budget(TrialRecord record) =>
        record.BudgetJson is null ? null : JsonSerializer.Deserialize<TrialBudget>(record.BudgetJson, ModelFolder.Json);

    private static TrialBudget BudgetOf(SearchContext context, GalleryEntry parent, int epochs) =>
        context.Budget with { Channels = parent.Channels, Layers = parent.Layers, Epochs = epochs };

    /// <summary>The gallery with its hull and ε-hull flags.</summary>
    public IReadOnlyList<GalleryRow> Rows()
    {
        var hull = PetridishGallery.Hull(_state.Gallery, _options.Cost).Select(e => e.Key).ToHashSet();
        var band = PetridishGallery.EpsilonHull(_state.Gallery, _options.Cost, _options.Epsilon).Select(e => e.Key).ToHashSet();
        return _state.Gallery.Select(e => new GalleryRow(e.Key, e.Kind, e.ParentKey,
            ArchitectureFormats.ToText(ArchitectureJson.Deserialize(e.ArchitectureJson)), e.Channels, e.Layers, e.ValidError, e.TestError,
            e.Parameters, e.Macs, e.LatencyMs, hull.Contains(e.Key), band.Contains(e.Key), e.Sampled)).ToArray();
    }

    /// <summary>The answer (<see cref="GalleryPick.Choose"/> under <c>--pick-max-macs</c> and <c>--pick-max-params</c>); when
    /// no model is within them, the cheapest model. Null: empty gallery.</summary>
    public GalleryRow? Pick()
    {
        var rows = Rows();
        return GalleryPick.Choose(rows, _options.PickMaxMacs, _options.PickMaxParams)
               ?? rows.OrderBy(r => r.Macs ?? long.MaxValue).ThenBy(r => r.ValidError).FirstOrDefault();
    }

    /// <summary>Writes the gallery as CSV (temp file + rename).</summary>
    public static void WriteCsv(string path, IReadOnlyList<GalleryRow> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("key,kind,parent,channels,layers,valid_error,test_error,parameters,macs,latency_ms,on_hull,in_epsilon_hull,sampled,architecture\n");
        foreach (var r in rows)
        {
            csv.Append(string.Join(',', r.Key, r.Kind, r.ParentKey ?? "", r.Channels.ToString(inv), r.Layers.ToString(inv), r.ValidError.ToString("R", inv),
                r.TestError?.ToString("R", inv) ?? "", r.Parameters?.ToString(inv) ?? "", r.Macs?.ToString(inv) ?? "", r.LatencyMs?.ToString("0.###", inv) ?? "",
                r.OnHull ? "1" : "0", r.InEpsilonHull ? "1" : "0", r.Sampled.ToString(inv), "\"" + r.Architecture.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
            csv.Append('\n');
        }
        ModelFolder.WriteAtomically(path, csv.ToString());
    }

    /// <inheritdoc />
    public byte[] SaveState() => JsonSerializer.SerializeToUtf8Bytes(_state);

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The state is empty.</exception>
    public void LoadState(byte[] state) =>
        _state = JsonSerializer.Deserialize<State>(state) ?? throw new InvalidDataException("Empty Petridish state.");

    private sealed record State
    {
        public int SeedsSubmitted { get; init; }
        public int SeedsTaken { get; init; }
        public int Candidates { get; init; }
        public int Submitted { get; init; }
        public int Completed { get; init; }
        public int InFlightGrowth { get; init; }
        public int FailuresInARow { get; init; }
        public double SecondsBefore { get; init; }
        public string? StopReason { get; init; }
        public List<GalleryEntry> Gallery { get; init; } = [];
        public Dictionary<string, string> CandidateParents { get; init; } = [];
    }
}
