namespace NasSharp.Tests.Strategies;

using NasSharp.Experiments;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Petridish;

/// <summary>A Petridish trial runner without training: models score better the more nodes they grew (plus a
/// deterministic jitter), cost grows with their ops and width, candidate searches report seeded weights for every pair.
/// Selected keys fail; <paramref name="delayMs"/> sets how long each trial takes; with <paramref name="fifo"/> trials
/// finish in submission order (a trial waits until every earlier trial has finished, then 50 ms more for its result
/// to be published), which makes a 2-worker run deterministic.</summary>
internal sealed class PetridishFakeRunner(Func<string, bool>? fails = null, Func<string, int>? delayMs = null, bool fifo = false) : ITrialRunner
{
    private readonly object _gate = new();
    private readonly SortedSet<long> _running = [];

    public System.Collections.Concurrent.ConcurrentQueue<string> Finished { get; } = new();

    public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation)
    {
        lock (_gate) _running.Add(spec.TrialId);
        try
        {
            if (delayMs?.Invoke(spec.Key) is { } ms and > 0) Task.Delay(ms, cancellation).Wait(cancellation);
            if (fifo)
            {
                lock (_gate)
                {
                    while (_running.Min != spec.TrialId)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        Monitor.Wait(_gate, 10);
                    }
                }
                Task.Delay(50, cancellation).Wait(cancellation);
            }
            if (fails?.Invoke(spec.Key) == true) throw new InvalidOperationException($"injected failure in {spec.Key}");
            return Outcome(spec);
        }
        finally
        {
            lock (_gate)
            {
                _running.Remove(spec.TrialId);
                Monitor.PulseAll(_gate);
            }
            Finished.Enqueue(spec.Key);
        }
    }

    private static TrialOutcome Outcome(TrialSpec spec)
    {
        var g = (PetridishGenotype)spec.Architecture;
        var budget = spec.Budget!;
        var json = ArchitectureJson.Serialize(g, indented: false);
        var jitter = Convert.ToInt32(ExperimentStore.HashArchitecture(json)[..4], 16) / 65535.0 * 0.02;
        var macs = 100_000L * budget.Channels * budget.Layers * (g.Normal.EdgeCount + g.Reduce.EdgeCount);
        var metrics = new Dictionary<string, double>();
        if (spec.Kind == PetridishTrialRunner.CandidateKind)
        {
            var random = new Random(StableSeedOf(spec.Key));
            foreach (var (name, cell) in new[] { ("normal", g.Normal), ("reduce", g.Reduce) })
                foreach (var pair in PetridishCandidates.Pairs(cell.States))
                    metrics[PetridishTrialRunner.CandidateMetric(name, pair)] = random.NextDouble() - 0.5;
        }
        var valid = Math.Min(0.95, 0.6 + 0.05 * g.AddedNodes + 0.02 * budget.Channels / 4.0 + jitter);
        return new TrialOutcome(true, null, valid, valid - 0.01, macs / 100, macs, 0.1 * macs / 1e6, 0.01, metrics);
    }

    private static int StableSeedOf(string key) => key.Aggregate(17, (h, c) => unchecked(h * 31 + c));
}
