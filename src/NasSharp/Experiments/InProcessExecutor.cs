namespace NasSharp.Experiments;

using System.Threading.Channels;

/// <summary>
/// Runs trials in this process on <c>workers</c> background threads (default 1: on CPU one trial already uses every
/// core, and libtorch's seed is process-wide, so only one worker gives reproducible trials). A trial that throws is
/// returned as a failed outcome with the exception's type and message; cancellation leaves it unfinished.
/// </summary>
public sealed class InProcessExecutor : ITrialExecutor
{
    private readonly ITrialRunner _runner;
    private readonly int _workers;
    private readonly TimeProvider _time;
    private readonly Queue<TrialSpec> _waiting = new();
    private readonly Channel<CompletedTrial> _done = Channel.CreateUnbounded<CompletedTrial>();
    private readonly CancellationTokenSource _stop = new();
    private readonly object _lock = new();
    private int _running;
    private int _pending;
    private Exception? _fault;

    /// <summary>Creates the executor.</summary>
    /// <param name="runner">Does each trial's work.</param>
    /// <param name="workers">Concurrent trials; default 1.</param>
    /// <param name="time">Clock for failure timings; default <see cref="TimeProvider.System"/>.</param>
    public InProcessExecutor(ITrialRunner runner, int workers = 1, TimeProvider? time = null)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least one worker is needed.");
        _runner = runner;
        _workers = workers;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public int FreeSlots
    {
        get { lock (_lock) return Math.Max(0, _workers - _running - _waiting.Count); }
    }

    /// <inheritdoc />
    public int Pending => Volatile.Read(ref _pending);

    /// <inheritdoc />
    public void Submit(TrialSpec spec)
    {
        lock (_lock)
        {
            _pending++;
            _waiting.Enqueue(spec);
            StartWaiting();
        }
    }

    /// <inheritdoc />
    public async Task<CompletedTrial> NextCompletedAsync(CancellationToken cancellation)
    {
        if (Pending == 0) throw new InvalidOperationException("No trial is pending: submit one before waiting for a result.");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _stop.Token);
        try
        {
            var completed = await _done.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
            Interlocked.Decrement(ref _pending);
            return completed;
        }
        catch (OperationCanceledException) when (_fault is not null)
        {
            throw new InvalidOperationException("A trial worker stopped unexpectedly.", _fault);
        }
    }

    /// <summary>Cancels running trials (they stay unfinished) and stops the workers.</summary>
    public void Dispose() => _stop.Cancel();

    private void StartWaiting()
    {
        while (_running < _workers && _waiting.Count > 0)
        {
            var spec = _waiting.Dequeue();
            _running++;
            var thread = new Thread(() => Work(spec)) { IsBackground = true, Name = $"trial-{spec.Key}" };
            thread.Start();
        }
    }

    private void Work(TrialSpec spec)
    {
        var start = _time.GetTimestamp();
        var released = false;
        try
        {
            TrialOutcome outcome;
            try
            {
                outcome = _runner.Run(spec, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return; // not a result: the trial stays unfinished and runs again on resume
            }
            catch (Exception e)
            {
                outcome = TrialOutcome.Failure($"{e.GetType().Name}: {e.Message}", _time.GetElapsedTime(start).TotalSeconds);
            }
            // Free the slot before publishing the result, so whoever takes the result sees the slot free.
            Release(ref released);
            _done.Writer.TryWrite(new CompletedTrial(spec, outcome));
        }
        catch (Exception e)
        {
            _fault = e;
            _stop.Cancel();
        }
        finally
        {
            Release(ref released);
        }
    }

    private void Release(ref bool released)
    {
        if (released) return;
        released = true;
        lock (_lock)
        {
            _running--;
            if (!_stop.IsCancellationRequested) StartWaiting();
        }
    }
}
