namespace NasSharp.Experiments;

using System.Threading.Channels;

/// <summary>
/// Runs trials in this process on <c>workers</c> background threads (default 1: on CPU one trial already uses every
/// core, and libtorch's seed is process-wide, so only one worker gives reproducible trials). A trial that throws is
/// returned as a failed outcome with the exception's type and message. Cancellation after a stop request
/// (<see cref="Dispose"/>) leaves the trial unfinished, to run again on resume; an
/// <see cref="OperationCanceledException"/> without one is a failed outcome ("runner cancelled without a stop
/// request: ..."), so the search does not wait for it forever.
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
    private readonly List<Thread> _threads = [];
    private int _running;
    private int _disposed;
    private int _pending;
    private Exception? _fault;

    /// <summary>Creates the executor.</summary>
    /// <param name="runner">Does each trial's work.</param>
    /// <param name="workers">Concurrent trials; default 1. More than one turns
    /// <see cref="Runtime.TorchRuntime.GroupedConvOnOneDnn"/> off for the process: its oneDNN switch is process-wide, and a
    /// trial on another thread must not run its dense convs on oneDNN while a depthwise conv holds the switch.</param>
    /// <param name="time">Clock for failure timings; default <see cref="TimeProvider.System"/>.</param>
    public InProcessExecutor(ITrialRunner runner, int workers = 1, TimeProvider? time = null)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least one worker is needed.");
        _runner = runner;
        _workers = workers;
        if (workers > 1) Runtime.TorchRuntime.GroupedConvOnOneDnn = false;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <remarks>Workers minus the trials submitted and not yet taken back (queued, running, or finished and not yet taken
    /// by <see cref="NextCompletedAsync"/>). Counting untaken results keeps a strategy's proposals independent of timing:
    /// with one worker it sees each result before it can submit the next trial.</remarks>
    public int FreeSlots => Math.Max(0, _workers - Volatile.Read(ref _pending));

    /// <inheritdoc />
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>How long <see cref="Dispose"/> waits for running trials to stop. Default 2 minutes: a trial checks
    /// its token between steps, and one step of a large network on CPU can take many seconds.</summary>
    internal TimeSpan DisposeTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The executor was disposed.</exception>
    public void Submit(TrialSpec spec)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
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

    /// <summary>Signals running trials to stop (their cancellation token is cancelled; they stay unfinished) and waits
    /// for their threads to end, at most <see cref="DisposeTimeout"/> (2 minutes) in all, so no trial still touches
    /// the runner's data (tensors) once this returns; after the timeout it returns anyway. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stop.Cancel();
        Thread[] threads;
        lock (_lock) threads = _threads.ToArray(); // no thread starts after the cancel (StartWaiting checks it under the lock)
        var deadline = Environment.TickCount64 + (long)DisposeTimeout.TotalMilliseconds;
        foreach (var thread in threads)
        {
            if (thread != Thread.CurrentThread) thread.Join(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)));
        }
        // _stop is not disposed: a worker still running after the timeout may yet read its token.
    }

    private void StartWaiting()
    {
        while (!_stop.IsCancellationRequested && _running < _workers && _waiting.Count > 0)
        {
            var spec = _waiting.Dequeue();
            _running++;
            var thread = new Thread(() => Work(spec)) { IsBackground = true, Name = $"trial-{spec.Key}" };
            _threads.RemoveAll(t => !t.IsAlive); // every listed thread was started under this lock
            _threads.Add(thread);
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
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return; // not a result: the trial stays unfinished and runs again on resume
            }
            catch (OperationCanceledException e)
            {
                // Nobody asked it to stop (a runner's own timeout, a token of its own): a result, or the search would
                // wait for this trial forever.
                outcome = TrialOutcome.Failure($"runner cancelled without a stop request: {e.Message}", _time.GetElapsedTime(start).TotalSeconds);
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
