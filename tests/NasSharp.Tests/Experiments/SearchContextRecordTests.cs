namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Strategies;

/// <summary>Trials a strategy scores itself (<see cref="SearchContext.Record"/>) and the declared answer.</summary>
public sealed class SearchContextRecordTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-record-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private (ExperimentStore Store, InProcessExecutor Executor, SearchContext Context) NewContext()
    {
        var now = DateTimeOffset.UnixEpoch;
        var store = ExperimentStore.Create(Path.Combine(_dir, "e.db"),
            new ExperimentInfo("t", "random", "nb201", "{}", 1, ExperimentStatus.Created, now, now, null));
        var executor = new InProcessExecutor(new FakeTrialRunner(), 1, TimeProvider.System);
        var context = new SearchContext(store, executor, new RandomSearch(new Nb201SearchSpace(), 1), 1, null, TimeProvider.System);
        return (store, executor, context);
    }

    [Fact]
    public void Record_EvaluatorThrows_StoredAsFailedWithReasonAndNotEvaluatedAgain()
    {
        var (store, executor, context) = NewContext();
        using (store)
        using (executor)
        {
            var arch = new Nb201SearchSpace().Sample(new Random(0));
            var failed = context.Record("scored-0", arch, () => throw new InvalidOperationException("boom"));
            Assert.Equal(TrialStatus.Failed, failed.Status);
            Assert.Contains("boom", failed.FailureReason);
            Assert.Contains(store.Events(), e => e.Kind == "trial_failed" && e.Message.Contains("scored-0"));

            var calls = 0;
            var again = context.Record("scored-0", arch, () => { calls++; return TrialOutcome.Failure("x", 0); });
            Assert.Equal(0, calls);
            Assert.Equal(failed.Id, again.Id);
        }
    }

    [Fact]
    public void DeclareFinal_UnknownKey_ThrowsNamingTheKey()
    {
        var (store, executor, context) = NewContext();
        using (store)
        using (executor)
            Assert.Contains("nope", Assert.Throws<ArgumentException>(() => context.DeclareFinal("nope")).Message);
    }
}
