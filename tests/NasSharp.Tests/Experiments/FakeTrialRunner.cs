namespace NasSharp.Tests.Experiments;

using System.Collections.Concurrent;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;

/// <summary>A trial runner without training: the score is a deterministic function of the architecture, selected
/// keys fail, and every call is counted (to prove finished trials are not rerun).</summary>
internal sealed class FakeTrialRunner(Func<string, bool>? fails = null, Func<string, int>? delayMs = null) : ITrialRunner
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation)
    {
        Calls.Enqueue(spec.Key);
        if (delayMs?.Invoke(spec.Key) is { } ms and > 0) Task.Delay(ms, cancellation).Wait(cancellation);
        if (fails?.Invoke(spec.Key) == true) throw new InvalidOperationException($"injected failure in {spec.Key}");
        var json = ArchitectureJson.Serialize(spec.Architecture, indented: false);
        var score = (ExperimentStore.HashArchitecture(json)[..6] is var h ? Convert.ToInt32(h, 16) : 0) / (double)0xFFFFFF;
        return new TrialOutcome(true, null, score, score * 0.9, json.Length, json.Length * 10L, null, 0.01,
            new Dictionary<string, double> { ["train_loss"] = 1 - score });
    }
}
