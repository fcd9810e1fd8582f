namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;
using NasSharp.SearchSpaces;

public sealed class InlineExecutorTests
{
    private static TrialSpec Spec(int i) => new(i + 1, $"t{i}", new Nb201SearchSpace().At(i), i);

    [Fact]
    public async Task NextCompleted_Submitted_RunsOldestFirstOnTheCallersThreadAndFreesTheSlot()
    {
        var runner = new FakeTrialRunner(fails: k => k == "t1");
        using var executor = new InlineExecutor(runner, workers: 2);
        executor.Submit(Spec(0));
        executor.Submit(Spec(1));
        Assert.Equal((0, 2), (executor.FreeSlots, executor.Pending));
        Assert.Empty(runner.Calls); // nothing runs until a result is asked for
        var first = await executor.NextCompletedAsync(default);
        Assert.Equal(("t0", true, 1), (first.Spec.Key, first.Outcome.Succeeded, executor.FreeSlots));
        var second = await executor.NextCompletedAsync(default);
        Assert.Equal("t1", second.Spec.Key);
        Assert.Contains("injected failure in t1", second.Outcome.FailureReason);
        await Assert.ThrowsAsync<InvalidOperationException>(() => executor.NextCompletedAsync(default));
    }

    [Fact]
    public async Task NextCompleted_Cancelled_LeavesTheTrialPending()
    {
        using var executor = new InlineExecutor(new FakeTrialRunner());
        executor.Submit(Spec(0));
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executor.NextCompletedAsync(stop.Token));
        Assert.Equal(1, executor.Pending);
        Assert.Equal("t0", (await executor.NextCompletedAsync(default)).Spec.Key);
    }
}
