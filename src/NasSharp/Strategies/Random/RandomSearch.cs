namespace NasSharp.Strategies;

using System.Text.Json;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;

/// <summary>
/// Random search, the baseline every NAS paper is judged against (Li &amp; Talwalkar 2019; NAS-Bench-201's RS):
/// sample <c>trials</c> architectures uniformly from the space, train each as a trial, keep the one with the best
/// validation accuracy. Sample i uses its own random stream, so proposals do not depend on timing or results.
/// </summary>
public sealed class RandomSearch : ISearchStrategy
{
    private readonly ISearchSpace _space;
    private readonly int _trials;
    private State _state = new(0, 0, null, null);

    /// <summary>Creates the strategy for <paramref name="trials"/> samples of <paramref name="space"/>.</summary>
    public RandomSearch(ISearchSpace space, int trials)
    {
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "Random search needs at least one trial.");
        _space = space;
        _trials = trials;
    }

    /// <inheritdoc />
    public string Name => "random";

    /// <summary>Key of the best trial so far, if any succeeded.</summary>
    public string? BestKey => _state.BestKey;

    /// <inheritdoc />
    public async Task RunAsync(SearchContext context, CancellationToken cancellation)
    {
        while (_state.Completed < _trials)
        {
            while (_state.Submitted < _trials && context.FreeSlots > 0)
            {
                var i = _state.Submitted;
                var architecture = _space.Sample(context.CreateRandom($"sample/{i}"));
                context.Submit($"sample-{i}", architecture);
                _state = _state with { Submitted = i + 1 };
            }
            var result = await context.NextResultAsync(cancellation).ConfigureAwait(false);
            var completed = _state.Completed + 1;
            _state = _state with { Completed = completed };
            if (result is { Status: TrialStatus.Succeeded, ValidAccuracy: { } acc } && (_state.BestValid is not { } best || acc > best))
                _state = _state with { BestKey = result.Key, BestValid = acc };
            if (result.ValidAccuracy is { } v) context.ReportMetric(completed, "valid_accuracy", v);
            if (_state.BestValid is { } bestValid) context.ReportMetric(completed, "best_valid_accuracy", bestValid);
            context.Checkpoint(completed);
            context.Report(new SearchProgress("trial", completed, _trials,
                $"trial {completed}/{_trials} {result.Key}: " + (result.Status == TrialStatus.Succeeded
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"valid {100 * result.ValidAccuracy:F2}% test {100 * result.TestAccuracy:F2}% params {result.Parameters / 1e6:F3} M {result.Seconds:F1} s")
                    : $"FAILED {result.FailureReason}"),
                _state.BestValid));
        }
    }

    /// <inheritdoc />
    public byte[] SaveState() => JsonSerializer.SerializeToUtf8Bytes(_state);

    /// <inheritdoc />
    public void LoadState(byte[] state) =>
        _state = JsonSerializer.Deserialize<State>(state) ?? throw new InvalidDataException("Empty random-search state.");

    // BestValid is null until a trial succeeds (JSON has no -Infinity: a search whose first trial failed could not checkpoint).
    private sealed record State(int Submitted, int Completed, string? BestKey, double? BestValid);
}
