namespace NasSharp.Strategies.Evolution;

using System.Globalization;
using System.Text.Json;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;

/// <summary>
/// Regularized (aging) evolution, Real, Aggarwal, Huang &amp; Le, "Regularized Evolution for Image Classifier
/// Architecture Search" (AAAI 2019), as AutoDL-Projects <c>exps/NATS-algos/regularized_ea.py</c> runs it on
/// NAS-Bench-201. The first <see cref="EvolutionOptions.Population"/> trials are random cells (keys <c>sample-i</c>,
/// kind <c>trial</c>, the same streams as random search, so both start from the same cells); every later trial is a
/// child (key <c>child-i</c>, kind <c>child</c>, parent key recorded): a tournament of
/// <see cref="EvolutionOptions.Sample"/> members drawn with replacement picks the parent (best validation accuracy),
/// the space mutates it, the child is trained, joins the population, and the oldest member leaves
/// (<see cref="AgingPopulation"/>). The budget is <c>trials</c> queries in all; the answer is the best validation
/// accuracy over every trial (declared final).
/// </summary>
/// <remarks>
/// A failed trial is data: it joins the population with no score (−∞ in a tournament, so it is a parent only when every
/// drawn member failed) and leaves it by age like any other. Up to <see cref="SearchContext.FreeSlots"/> trials are in
/// flight, and never more than <c>maxInFlight</c> (the experiment's <see cref="ExperimentConfig.Workers"/>): a trial that
/// finished but whose result is not taken yet already frees its executor slot, so free slots alone would let a fast
/// trial's successor be proposed before its result is seen, and a one-worker run would depend on timing. Children are
/// proposed once the initial population is complete, each from the population as it is when the
/// child is proposed (with one worker this is the sequential algorithm). Child <c>i</c> draws its tournament and
/// mutation from the stream <c>child/i</c>, so the search is deterministic given the results; the state (counters,
/// population with keys and ages, best so far) is checkpointed after every result.
/// </remarks>
public sealed class RegularizedEvolution : ISearchStrategy
{
    /// <summary>The kind of the trials that are mutated children.</summary>
    public const string ChildKind = "child";

    private readonly IMutableSearchSpace _space;
    private readonly EvolutionOptions _options;
    private readonly int _trials;
    private readonly int _maxInFlight;
    private AgingPopulation _population;
    private Counters _counters = new(0, 0, null, null);

    /// <summary>Creates the strategy for <paramref name="trials"/> queries of <paramref name="space"/>, with at most
    /// <paramref name="maxInFlight"/> trials outstanding (default 1: the sequential algorithm).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trials"/> or <paramref name="maxInFlight"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public RegularizedEvolution(IMutableSearchSpace space, EvolutionOptions options, int trials, int maxInFlight = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "Regularized evolution needs at least one trial.");
        options.Validate();
        _space = space;
        _options = options;
        _trials = trials;
        _maxInFlight = maxInFlight;
        _population = new AgingPopulation(options.Population);
    }

    /// <inheritdoc />
    public string Name => "rea";

    /// <summary>The population now, oldest first.</summary>
    public IReadOnlyList<PopulationMember> Population => _population.Members;

    /// <summary>Key of the best trial so far, if any succeeded.</summary>
    public string? BestKey => _counters.BestKey;

    /// <inheritdoc />
    public async Task RunAsync(SearchContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        while (_counters.Completed < _trials)
        {
            while (_counters.Submitted < _trials && _counters.Submitted - _counters.Completed < _maxInFlight && context.FreeSlots > 0 &&
                   Propose(context)) { }
            var result = await context.NextResultAsync(cancellation).ConfigureAwait(false);
            Take(context, result);
        }
        if (_counters.BestKey is { } best) context.DeclareFinal(best);
    }

    // Submits trial number Submitted; false when it must wait (a child before the initial population is complete).
    private bool Propose(SearchContext context)
    {
        var i = _counters.Submitted;
        if (i < _options.Population)
        {
            context.Submit($"sample-{i}", _space.Sample(context.CreateRandom($"sample/{i}")));
        }
        else
        {
            if (!_population.IsFull) return false;
            var random = context.CreateRandom($"child/{i}");
            var parent = _population.Tournament(random, _options.Sample);
            var child = _space.Mutate(ArchitectureJson.Deserialize(parent.ArchitectureJson), random);
            context.Submit($"child-{i}", child, kind: ChildKind, parentKey: parent.Key);
        }
        _counters = _counters with { Submitted = i + 1 };
        return true;
    }

    private void Take(SearchContext context, TrialRecord result)
    {
        var completed = _counters.Completed + 1;
        var score = result.Status == TrialStatus.Succeeded ? result.ValidAccuracy : null;
        _population.Add(new PopulationMember(result.Key, result.ArchitectureJson, score, completed));
        _counters = _counters with { Completed = completed };
        if (score is { } s && (_counters.BestValid is not { } best || s > best))
            _counters = _counters with { BestKey = result.Key, BestValid = s };
        if (result.ValidAccuracy is { } v) context.ReportMetric(completed, "valid_accuracy", v);
        if (_counters.BestValid is { } bestValid) context.ReportMetric(completed, "best_valid_accuracy", bestValid);
        context.Checkpoint(completed);
        context.Report(new SearchProgress("trial", completed, _trials,
            $"trial {completed}/{_trials} {result.Key}" + (result.ParentKey is { } p ? $" (from {p})" : "") + ": " +
            (result.Status == TrialStatus.Succeeded
                ? string.Create(CultureInfo.InvariantCulture, $"valid {100 * result.ValidAccuracy:F2}% test {100 * result.TestAccuracy:F2}%")
                : $"FAILED {result.FailureReason}"),
            _counters.BestValid));
    }

    /// <inheritdoc />
    public byte[] SaveState() =>
        JsonSerializer.SerializeToUtf8Bytes(new State(_counters, _population.Members.ToArray()));

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The state is empty or holds more members than the population size.</exception>
    public void LoadState(byte[] state)
    {
        var loaded = JsonSerializer.Deserialize<State>(state) ?? throw new InvalidDataException("Empty regularized-evolution state.");
        if (loaded.Members.Length > _options.Population)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The saved regularized-evolution state holds {loaded.Members.Length} members, more than the population size {_options.Population}."));
        }
        _counters = loaded.Counters;
        _population = new AgingPopulation(_options.Population, loaded.Members);
    }

    // BestValid is null until a trial succeeds (JSON has no -Infinity).
    private sealed record Counters(int Submitted, int Completed, string? BestKey, double? BestValid);

    private sealed record State(Counters Counters, PopulationMember[] Members);
}
