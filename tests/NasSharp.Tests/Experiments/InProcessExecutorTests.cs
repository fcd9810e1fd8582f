namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;
using NasSharp.SearchSpaces;

public class InProcessExecutorTests
{
    private static TrialSpec Spec(int i) => new(i, $"t{i}", new Nb201SearchSpace().At(i), i);

    [Fact]
    public async Task NextCompleted_RunnerThrows_ReturnsFailedOutcomeWithReason()
    {
        using var executor = new InProcessExecutor(new FakeTrialRunner(fails: k => k == "t1"));
        executor.Submit(Spec(0));
        executor.Submit(Spec(1));
        var results = new[] { await executor.NextCompletedAsync(default), await executor.NextCompletedAsync(default) };
        var failed = Assert.Single(results, r => !r.Outcome.Succeeded);
        Assert.Equal("t1", failed.Spec.Key);
        Assert.Contains("injected failure in t1", failed.Outcome.FailureReason);
        Assert.True(Assert.Single(results, r => r.Outcome.Succeeded).Outcome.ValidAccuracy > 0);
    }

    [Fact]
    public async Task NextCompleted_SeveralWorkers_ReturnsInCompletionOrder()
    {
        // Each trial finishes when the test releases it (not after a delay: under load, timers fire in bursts).
        var release = new[] { "t0", "t1", "t2" }.ToDictionary(k => k, _ => new ManualResetEventSlim());
        var inner = new FakeTrialRunner();
        using var executor = new InProcessExecutor(new DelegateRunner((spec, token) =>
        {
            release[spec.Key].Wait(token);
            return inner.Run(spec, token);
        }), workers: 3);
        foreach (var i in new[] { 0, 1, 2 }) executor.Submit(Spec(i));
        Assert.Equal(0, executor.FreeSlots);
        var order = new List<string>();
        foreach (var key in new[] { "t2", "t1", "t0" })
        {
            release[key].Set();
            order.Add((await executor.NextCompletedAsync(default).WaitAsync(TimeSpan.FromSeconds(30))).Spec.Key);
        }
        Assert.Equal(["t2", "t1", "t0"], order);
        Assert.Equal(3, executor.FreeSlots);
    }

    private sealed class DelegateRunner(Func<TrialSpec, CancellationToken, TrialOutcome> run) : ITrialRunner
    {
        public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation) => run(spec, cancellation);
    }

    [Fact]
    public async Task Submit_MoreThanWorkers_QueuesAndRunsAll()
    {
        var runner = new FakeTrialRunner(delayMs: _ => 20);
        using var executor = new InProcessExecutor(runner, workers: 2);
        for (var i = 0; i < 5; i++) executor.Submit(Spec(i));
        Assert.Equal(0, executor.FreeSlots);
        for (var i = 0; i < 5; i++) await executor.NextCompletedAsync(default);
        Assert.Equal(5, runner.Calls.Count);
        Assert.Equal(0, executor.Pending);
    }

    [Fact]
    public async Task NextCompleted_NothingPending_Throws()
    {
        using var executor = new InProcessExecutor(new FakeTrialRunner());
        await Assert.ThrowsAsync<InvalidOperationException>(() => executor.NextCompletedAsync(default));
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task NextCompleted_RunnerCancelledWithoutStopRequest_ReturnsFailedOutcome()
    {
        // A runner's own cancellation (say, an inner timeout) while nobody asked the executor to stop: swallowing it
        // left the search waiting forever.
        using var runner = new BlockingTrialRunner((_, _) => throw new OperationCanceledException("inner timeout"));
        using var executor = new InProcessExecutor(runner);
        executor.Submit(Spec(0));
        var completed = await executor.NextCompletedAsync(default).WaitAsync(Patience);
        Assert.False(completed.Outcome.Succeeded);
        Assert.Equal("runner cancelled without a stop request: inner timeout", completed.Outcome.FailureReason);
        Assert.Equal(0, executor.Pending);
    }

    [Fact]
    public void Dispose_TrialRunning_CancelsItsTokenAndWaitsForItToEnd()
    {
        using var runner = new BlockingTrialRunner((r, token) =>
        {
            token.WaitHandle.WaitOne(Patience);
            Thread.Sleep(300); // cleanup after the stop request, still touching the runner's tensors
            token.ThrowIfCancellationRequested();
            return TrialOutcome.Failure("not cancelled", 0);
        });
        var executor = new InProcessExecutor(runner);
        executor.Submit(Spec(0));
        Assert.True(runner.Started.Wait(Patience));
        executor.Dispose();
        Assert.True(runner.Finished.IsSet, "Dispose returned while the trial was still running");
        executor.Dispose(); // idempotent
    }

    [Fact]
    public async Task Dispose_TrialIgnoresTheStopRequest_ReturnsAfterTheTimeout()
    {
        using var runner = new BlockingTrialRunner((r, _) =>
        {
            r.Release.Wait(Patience);
            return TrialOutcome.Failure("released", 0);
        });
        var executor = new InProcessExecutor(runner) { DisposeTimeout = TimeSpan.FromMilliseconds(200) };
        executor.Submit(Spec(0));
        Assert.True(runner.Started.Wait(Patience));
        await Task.Run(executor.Dispose).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(runner.Finished.IsSet);
        Assert.Throws<ObjectDisposedException>(() => executor.Submit(Spec(1)));
    }

    [Fact]
    public async Task NextCompleted_CancelledAfterDispose_TrialStaysUnfinished()
    {
        using var runner = new BlockingTrialRunner((_, token) =>
        {
            token.WaitHandle.WaitOne(Patience);
            token.ThrowIfCancellationRequested();
            return TrialOutcome.Failure("not cancelled", 0);
        });
        var executor = new InProcessExecutor(runner);
        executor.Submit(Spec(0));
        Assert.True(runner.Started.Wait(Patience));
        executor.Dispose();
        // A stop request's cancellation is not a result: nothing completes.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executor.NextCompletedAsync(default).WaitAsync(Patience));
    }
}
