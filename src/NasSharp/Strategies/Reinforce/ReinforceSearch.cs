namespace NasSharp.Strategies.Reinforce;

using System.Globalization;
using System.Text.Json;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;

/// <summary>
/// REINFORCE over per-edge op logits, as AutoDL-Projects <c>exps/NATS-algos/reinforce.py</c> runs it on NAS-Bench-201:
/// each step samples a cell from the <see cref="OpLogitsPolicy"/> (stream <c>policy/sample/i</c>), trains it as the
/// trial <c>step-i</c>, adds its validation accuracy (the reward) to the moving-average baseline, and takes one Adam
/// step on <c>−(reward − baseline)·log π(cell)</c> (the baseline is updated before the advantage is taken, as the
/// reference does, so the first step's advantage is 0). The budget is <c>trials</c> queries; the answer is the best
/// validation accuracy seen (declared final), as the reference's <c>max(trace)</c>.
/// </summary>
/// <remarks>
/// A failed trial gives no reward: the policy and the baseline are left as they are (the query still counts). Up to
/// <see cref="SearchContext.FreeSlots"/> cells are in flight, and never more than <c>maxInFlight</c> (the experiment's
/// <see cref="ExperimentConfig.Workers"/>; a finished trial whose result is not taken yet already frees its executor
/// slot, so free slots alone would make a one-worker run depend on timing), all sampled from the policy as it is when they are
/// submitted; an update uses the current logits (with one worker this is the reference's sequential loop). The state
/// (logits, Adam moments and step, baseline, counters, best so far) is checkpointed after every result. Metrics per
/// result: <c>valid_accuracy</c>, <c>best_valid_accuracy</c>, <c>reward</c> and <c>baseline</c> (successes only),
/// <c>entropy</c> (nats, summed over edges) and <c>alpha/edge{e}/{op}</c>, the op probabilities after the update.
/// </remarks>
public sealed class ReinforceSearch : ISearchStrategy
{
    private readonly EdgeOpEncoding _encoding;
    private readonly ReinforceOptions _options;
    private readonly int _trials;
    private readonly int _maxInFlight;
    private OpLogitsPolicy? _policy;
    private ExponentialMovingAverage _baseline;
    private Counters _counters = new(0, 0, null, null);

    /// <summary>Creates the strategy for <paramref name="trials"/> queries of the space <paramref name="encoding"/> describes,
    /// with at most <paramref name="maxInFlight"/> trials outstanding (default 1: the reference's sequential loop).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trials"/> or <paramref name="maxInFlight"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public ReinforceSearch(EdgeOpEncoding encoding, ReinforceOptions options, int trials, int maxInFlight = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(options);
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "REINFORCE needs at least one trial.");
        options.Validate();
        _encoding = encoding;
        _options = options;
        _trials = trials;
        _maxInFlight = maxInFlight;
        _baseline = new ExponentialMovingAverage(options.EmaMomentum);
    }

    /// <inheritdoc />
    public string Name => "reinforce";

    /// <summary>The policy (null until the run starts or a state is loaded).</summary>
    public OpLogitsPolicy? Policy => _policy;

    /// <summary>Key of the best trial so far, if any succeeded.</summary>
    public string? BestKey => _counters.BestKey;

    /// <inheritdoc />
    public async Task RunAsync(SearchContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        _policy ??= new OpLogitsPolicy(_encoding.Edges, _encoding.Ops.Count, _options.LearningRate, _options.InitScale,
            context.CreateRandom("policy/init"));
        while (_counters.Completed < _trials)
        {
            while (_counters.Submitted < _trials && _counters.Submitted - _counters.Completed < _maxInFlight && context.FreeSlots > 0)
            {
                var i = _counters.Submitted;
                var cell = _encoding.Decode(_policy.Sample(context.CreateRandom($"policy/sample/{i}")));
                context.Submit($"step-{i}", cell);
                _counters = _counters with { Submitted = i + 1 };
            }
            var result = await context.NextResultAsync(cancellation).ConfigureAwait(false);
            Take(context, _policy, result);
        }
        if (_counters.BestKey is { } best) context.DeclareFinal(best);
    }

    private void Take(SearchContext context, OpLogitsPolicy policy, TrialRecord result)
    {
        var completed = _counters.Completed + 1;
        _counters = _counters with { Completed = completed };
        if (result is { Status: TrialStatus.Succeeded, ValidAccuracy: { } reward })
        {
            _baseline = _baseline.Update(reward);
            policy.Update(_encoding.Encode(ArchitectureJson.Deserialize(result.ArchitectureJson)), reward - _baseline.Value);
            context.ReportMetric(completed, "reward", reward);
            context.ReportMetric(completed, "baseline", _baseline.Value);
            if (_counters.BestValid is not { } best || reward > best) _counters = _counters with { BestKey = result.Key, BestValid = reward };
        }
        if (result.ValidAccuracy is { } v) context.ReportMetric(completed, "valid_accuracy", v);
        if (_counters.BestValid is { } bestValid) context.ReportMetric(completed, "best_valid_accuracy", bestValid);
        context.ReportMetric(completed, "entropy", policy.Entropy());
        for (var e = 0; e < policy.Edges; e++)
        {
            var p = policy.Probabilities(e);
            for (var k = 0; k < p.Length; k++)
                context.ReportMetric(completed, $"{Export.HtmlReport.WeightPrefix}edge{e}/{_encoding.Ops[k]}", p[k]);
        }
        context.Checkpoint(completed);
        context.Report(new SearchProgress("trial", completed, _trials,
            $"trial {completed}/{_trials} {result.Key}: " + (result.Status == TrialStatus.Succeeded
                ? string.Create(CultureInfo.InvariantCulture,
                    $"valid {100 * result.ValidAccuracy:F2}% test {100 * result.TestAccuracy:F2}% baseline {100 * _baseline.Numerator / _baseline.Denominator:F2}% entropy {policy.Entropy():F3}")
                : $"FAILED {result.FailureReason}"),
            _counters.BestValid));
    }

    /// <inheritdoc />
    public byte[] SaveState() =>
        JsonSerializer.SerializeToUtf8Bytes(new State(_counters, _policy?.ToState(), _baseline.Numerator, _baseline.Denominator));

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The state is empty or its policy does not fit the space.</exception>
    public void LoadState(byte[] state)
    {
        var loaded = JsonSerializer.Deserialize<State>(state) ?? throw new InvalidDataException("Empty REINFORCE state.");
        OpLogitsPolicy? policy = null;
        if (loaded.Policy is { } saved)
        {
            try
            {
                policy = new OpLogitsPolicy(_options.LearningRate, saved);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"The saved REINFORCE policy is damaged: {e.Message}", e);
            }
            if (policy.Edges != _encoding.Edges || policy.Ops != _encoding.Ops.Count)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The saved REINFORCE policy is {policy.Edges} × {policy.Ops}, but space {_encoding.Space} has {_encoding.Edges} edges × {_encoding.Ops.Count} ops."));
            }
        }
        _counters = loaded.Counters;
        _policy = policy;
        _baseline = new ExponentialMovingAverage(_options.EmaMomentum, loaded.BaselineNumerator, loaded.BaselineDenominator);
    }

    // BestValid is null until a trial succeeds (JSON has no -Infinity).
    private sealed record Counters(int Submitted, int Completed, string? BestKey, double? BestValid);

    private sealed record State(Counters Counters, PolicyState? Policy, double BaselineNumerator, double BaselineDenominator);
}
