namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;

/// <summary>An executor that runs nothing: it keeps every spec it was given (to check what a context submits).</summary>
internal sealed class RecordingExecutor : ITrialExecutor
{
    public List<TrialSpec> Submitted { get; } = [];

    public int FreeSlots => 1;

    public int Pending => Submitted.Count;

    public void Submit(TrialSpec spec) => Submitted.Add(spec);

    public Task<CompletedTrial> NextCompletedAsync(CancellationToken cancellation) =>
        throw new InvalidOperationException("RecordingExecutor runs nothing");

    public void Dispose()
    {
    }
}
