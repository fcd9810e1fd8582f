namespace NasSharp.Experiments;

/// <summary>
/// Runs each trial on the caller's thread when its result is asked for (<see cref="NextCompletedAsync"/>), oldest first.
/// For trials that cost microseconds (the NAS-Bench-201 table evaluator) a worker thread and the hand-over per trial cost
/// more than the trial itself: replays of thousands of searches run several times faster this way. <c>workers</c>
/// trials may be pending at once, as with <see cref="InProcessExecutor"/>; failures and cancellation are treated alike
/// (an exception is a failed outcome; cancellation leaves the trial unfinished).
/// </summary>
public sealed class InlineExecutor : ITrialExecutor
{
    private readonly ITrialRunner _runner;
    private readonly int _workers;
    private readonly TimeProvider _time;
    private readonly Queue<TrialSpec> _pending = new();

    /// <summary>Creates the executor.</summary>
    /// <param name="runner">Does each trial's work.</param>
    /// <param name="workers">How many trials may be pending at once; default 1.</param>
    /// <param name="time">Clock for failure timings; default <see cref="TimeProvider.System"/>.</param>
    public InlineExecutor(ITrialRunner runner, int workers = 1, TimeProvider? time = null)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least one worker is needed.");
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _workers = workers;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public int FreeSlots => Math.Max(0, _workers - _pending.Count);

    /// <inheritdoc />
    public int Pending => _pending.Count;

    /// <inheritdoc />
    public void Submit(TrialSpec spec) => _pending.Enqueue(spec ?? throw new ArgumentNullException(nameof(spec)));

    /// <inheritdoc />
    public Task<CompletedTrial> NextCompletedAsync(CancellationToken cancellation)
    {
        if (_pending.Count == 0) throw new InvalidOperationException("No trial is pending: submit one before waiting for a result.");
        cancellation.ThrowIfCancellationRequested();
        var spec = _pending.Peek();
        var start = _time.GetTimestamp();
        TrialOutcome outcome;
        try
        {
            outcome = _runner.Run(spec, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw; // the trial stays pending and unfinished: it runs again on resume
        }
        catch (OperationCanceledException e)
        {
            outcome = TrialOutcome.Failure($"runner cancelled without a stop request: {e.Message}", _time.GetElapsedTime(start).TotalSeconds);
        }
        catch (Exception e)
        {
            outcome = TrialOutcome.Failure($"{e.GetType().Name}: {e.Message}", _time.GetElapsedTime(start).TotalSeconds);
        }
        _pending.Dequeue();
        return Task.FromResult(new CompletedTrial(spec, outcome));
    }

    /// <summary>Nothing to release (no threads).</summary>
    public void Dispose() { }
}
