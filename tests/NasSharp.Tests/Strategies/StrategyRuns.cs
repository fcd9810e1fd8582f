namespace NasSharp.Tests.Strategies;

using System.Text.Json;
using NasSharp.Experiments;

/// <summary>Helpers for running a strategy end to end with a fake runner: an uninterrupted run, a run stopped after
/// some results and resumed, and the tables to compare them by.</summary>
internal static class StrategyRuns
{
    /// <summary>Runs <paramref name="config"/> in <paramref name="folder"/>, stopped (cancelled) when
    /// <paramref name="stopAt"/> results are in, then resumed in a new process-like <see cref="Experiment.Open"/>.
    /// Returns the runners' calls of both halves.</summary>
    public static async Task<(string[] First, string[] Second)> StopAndResume(string folder, ExperimentConfig config, int stopAt,
        Func<ITrialRunner> runner)
    {
        var first = new CountingRunner(runner());
        using (var e = Experiment.Create(folder, config))
        {
            using var stop = new CancellationTokenSource();
            var progress = new SyncProgress<SearchProgress>(p => { if (p.Completed == stopAt) stop.Cancel(); });
            var stopped = await e.RunAsync(first, progress, stop.Token);
            Assert.Equal(ExperimentStatus.Stopped, stopped.Status);
        }
        var second = new CountingRunner(runner());
        using (var e = Experiment.Open(folder))
            Assert.Equal(ExperimentStatus.Finished, (await e.RunAsync(second)).Status);
        return (first.Calls.ToArray(), second.Calls.ToArray());
    }

    /// <summary>Runs <paramref name="config"/> uninterrupted in <paramref name="referenceFolder"/>, and in
    /// <paramref name="folder"/> stopped right after search epoch <paramref name="epoch"/> (no trial yet) and resumed;
    /// asserts both end with the same trials and the same metric points, and that the second was resumed.</summary>
    public static async Task AssertStopAfterEpochThenResumeEqualsUninterrupted(string referenceFolder, string folder, ExperimentConfig config, int epoch = 1)
    {
        using (var reference = Experiment.Create(referenceFolder, config))
            await reference.RunAsync();
        using (var e = Experiment.Create(folder, config))
        {
            using var stop = new CancellationTokenSource();
            var progress = new SyncProgress<SearchProgress>(p => { if (p.Phase == "epoch" && p.Completed == epoch) stop.Cancel(); });
            var stopped = await e.RunAsync(progress, null, stop.Token);
            Assert.Equal(ExperimentStatus.Stopped, stopped.Status);
            Assert.Empty(stopped.Trials);
        }
        using (var e = Experiment.Open(folder))
            Assert.Equal(ExperimentStatus.Finished, (await e.RunAsync()).Status);
        using var r = Experiment.Open(referenceFolder);
        using var s = Experiment.Open(folder);
        Assert.Equal(TrialTable(r), TrialTable(s));
        Assert.Equal(MetricTable(r), MetricTable(s));
        Assert.Contains(s.Store.Events(), ev => ev.Kind == "resumed");
    }

    /// <summary>Every trial as one comparable line: id, key, kind, parent, architecture, status and scores.</summary>
    public static string[] TrialTable(Experiment e) =>
        e.Store.Trials().Select(t => $"{t.Id} {t.Key} {t.Kind} {t.ParentKey} {t.ArchitectureHash} {t.Status} {t.ValidAccuracy:R} {t.TestAccuracy:R}").ToArray();

    /// <summary>Every metric point as (step, name, value).</summary>
    public static (long, string, double)[] MetricTable(Experiment e) =>
        e.Store.Metrics().Select(m => (m.Step, m.Name, m.Value)).ToArray();

    /// <summary>The strategy's own state bytes from the last checkpoint (the store keeps it wrapped with the in-flight keys).</summary>
    public static byte[] LastStrategyState(Experiment e)
    {
        var saved = e.Store.LoadStrategyState() ?? throw new InvalidOperationException("no checkpoint");
        using var snapshot = JsonDocument.Parse(saved.State);
        return snapshot.RootElement.GetProperty("Strategy").GetBytesFromBase64();
    }

    private sealed class CountingRunner(ITrialRunner inner) : ITrialRunner
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Calls { get; } = new();

        public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation)
        {
            Calls.Enqueue(spec.Key);
            return inner.Run(spec, cancellation);
        }
    }
}
