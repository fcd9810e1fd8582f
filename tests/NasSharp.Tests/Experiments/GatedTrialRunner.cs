namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;

/// <summary>A trial runner whose trials wait until <see cref="Release"/> (or cancellation), then answer like
/// <see cref="FakeTrialRunner"/>; <see cref="Entered"/> is set once a trial is running.</summary>
internal sealed class GatedTrialRunner : ITrialRunner
{
    private readonly FakeTrialRunner _inner = new();
    private readonly ManualResetEventSlim _release = new();

    public ManualResetEventSlim Entered { get; } = new();

    public void Release() => _release.Set();

    public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation)
    {
        Entered.Set();
        _release.Wait(cancellation);
        return _inner.Run(spec, cancellation);
    }
}
