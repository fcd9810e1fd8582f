namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;

/// <summary>A trial runner tests steer with events: it signals <see cref="Started"/>, then runs <c>body</c> (which may
/// block on <see cref="Release"/> or the token), and signals <see cref="Finished"/> when it returns or throws.</summary>
internal sealed class BlockingTrialRunner(Func<BlockingTrialRunner, CancellationToken, TrialOutcome> body) : ITrialRunner, IDisposable
{
    public ManualResetEventSlim Started { get; } = new();
    public ManualResetEventSlim Release { get; } = new();
    public ManualResetEventSlim Finished { get; } = new();

    public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation)
    {
        Started.Set();
        try
        {
            return body(this, cancellation);
        }
        finally
        {
            Finished.Set();
        }
    }

    public void Dispose()
    {
        Release.Set(); // never leave a worker blocked after a test
        Started.Dispose();
        Finished.Dispose();
    }
}
