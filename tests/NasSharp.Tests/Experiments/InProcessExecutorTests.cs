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
        var delays = new Dictionary<string, int> { ["t0"] = 600, ["t1"] = 300, ["t2"] = 10 };
        using var executor = new InProcessExecutor(new FakeTrialRunner(delayMs: k => delays[k]), workers: 3);
        foreach (var i in new[] { 0, 1, 2 }) executor.Submit(Spec(i));
        Assert.Equal(0, executor.FreeSlots);
        var order = new List<string>();
        for (var i = 0; i < 3; i++) order.Add((await executor.NextCompletedAsync(default)).Spec.Key);
        Assert.Equal(["t2", "t1", "t0"], order);
        Assert.Equal(3, executor.FreeSlots);
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
}
