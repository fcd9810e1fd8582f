namespace NasSharp.Tests.Experiments;

using System.Text.Json;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Training;

/// <summary>A trial's whole spec (budget, kind, parent, seed) is stored on submit and used again on resume; a stored
/// key never silently answers for another architecture; artefacts are checked against their hash.</summary>
public sealed class SearchContextSpecTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-spec-").FullName;
    private readonly Nb201SearchSpace _space = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Submit_NewKey_StoresBudgetKindParentAndSeed()
    {
        using var store = NewStore();
        var executor = new RecordingExecutor();
        var context = NewContext(store, executor);
        var budget = new TrialBudget { Epochs = 7, Channels = 3 };
        var record = context.Submit("retrain", _space.Sample(new Random(1)), budget, "retrain", "derive-2");

        Assert.Equal(("retrain", "derive-2", StableSeed.Derive(5, "trial/retrain")), (record.Kind, record.ParentKey, record.Seed));
        Assert.Equal(budget, JsonSerializer.Deserialize<TrialBudget>(record.BudgetJson!, ModelFolder.Json));
        var spec = Assert.Single(executor.Submitted);
        Assert.Equal((budget, "retrain", "derive-2", record.Seed!.Value), (spec.Budget, spec.Kind, spec.ParentKey, spec.Seed));
    }

    [Fact]
    public void Restore_InFlightTrialWithOwnBudget_ResubmittedWithStoredBudgetKindParentAndSeed()
    {
        var budget = new TrialBudget { Epochs = 9, LearningRate = 0.01 };
        var architecture = _space.Sample(new Random(2));
        using (var store = NewStore())
        {
            var first = NewContext(store, new RecordingExecutor());
            first.Submit("retrain", architecture, budget, "retrain", "derive-0");
            first.Checkpoint(1); // killed here: the trial is in flight
        }

        using var reopened = ExperimentStore.Open(DbPath);
        reopened.RequeueUnfinished();
        var executor = new RecordingExecutor();
        NewContext(reopened, executor).Restore();

        var spec = Assert.Single(executor.Submitted);
        Assert.Equal("retrain", spec.Key);
        Assert.Equal(budget, spec.Budget);
        Assert.Equal(("retrain", "derive-0", StableSeed.Derive(5, "trial/retrain")), (spec.Kind, spec.ParentKey, spec.Seed));
        Assert.Equal(ExperimentStore.HashArchitecture(ArchitectureJson.Serialize(architecture, indented: false)),
            reopened.FindTrial("retrain")!.ArchitectureHash);
    }

    [Fact]
    public void Submit_StoredKeyWithOtherArchitecture_ThrowsNamingKeyStoreAndBothHashes()
    {
        using var store = NewStore();
        var context = NewContext(store, new RecordingExecutor());
        var stored = context.Submit("sample-0", _space.Sample(new Random(3)));
        var other = FirstDifferent(stored.ArchitectureHash);

        var e = Assert.Throws<InvalidOperationException>(() => context.Submit("sample-0", other));
        Assert.Contains("'sample-0'", e.Message);
        Assert.Contains(store.Path, e.Message);
        Assert.Contains(stored.ArchitectureHash, e.Message);
        Assert.Contains(Hash(other), e.Message);
        Assert.Contains("different architecture", e.Message);
        Assert.Contains("non-deterministic strategy or a changed config", e.Message);
    }

    [Fact]
    public void Record_FinishedKeyWithOtherArchitecture_ThrowsInsteadOfAnsweringFromStore()
    {
        using var store = NewStore();
        var context = NewContext(store, new RecordingExecutor());
        var stored = context.Record("derive-0", _space.Sample(new Random(4)), () => TrialOutcome.Failure("x", 0), kind: "derive");
        Assert.Equal("derive", stored.Kind);
        var e = Assert.Throws<InvalidOperationException>(() =>
            context.Record("derive-0", FirstDifferent(stored.ArchitectureHash), () => TrialOutcome.Failure("y", 0)));
        Assert.Contains("'derive-0'", e.Message);
    }

    [Fact]
    public void ArtefactPath_FileMatches_ReturnsFullPath()
    {
        using var store = NewStore();
        var trial = WithArtefact(store, [1, 2, 3]);
        Assert.Equal(Path.Combine(_dir, "trials", "k", "model.bin"), NewContext(store, new RecordingExecutor()).ArtefactPath(trial));
    }

    [Fact]
    public void ArtefactPath_FileChangedOrMissing_ThrowsInvalidDataNamingFile()
    {
        using var store = NewStore();
        var trial = WithArtefact(store, [1, 2, 3]);
        var context = NewContext(store, new RecordingExecutor());
        var file = Path.Combine(_dir, "trials", "k", "model.bin");
        File.WriteAllBytes(file, [1, 2, 4]);
        var changed = Assert.Throws<InvalidDataException>(() => context.ArtefactPath(trial));
        Assert.Contains(file, changed.Message);
        Assert.Contains("SHA-256", changed.Message);
        File.Delete(file);
        Assert.Contains("missing", Assert.Throws<InvalidDataException>(() => context.ArtefactPath(trial)).Message);
        Assert.Contains("no artefact", Assert.Throws<InvalidDataException>(() => context.ArtefactPath(trial with { ArtefactPath = null })).Message);
    }

    private string DbPath => Path.Combine(_dir, Experiment.DatabaseFile);

    private ExperimentStore NewStore()
    {
        var now = DateTimeOffset.UnixEpoch;
        return ExperimentStore.Create(DbPath, new ExperimentInfo("t", "random", "nb201", "{}", 5, ExperimentStatus.Created, now, now, null));
    }

    // A strategy with no tensors and a fixed small state (RandomSearch cannot checkpoint before its first result).
    private static SearchContext NewContext(ExperimentStore store, ITrialExecutor executor) =>
        new(store, executor, new TensorStrategy(), 5, null, TimeProvider.System);

    private TrialRecord WithArtefact(ExperimentStore store, byte[] bytes)
    {
        var file = Path.Combine(_dir, "trials", "k", "model.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, bytes);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var t = store.StartTrial(store.AddTrial("k", "[1]", "nb201").Id);
        return store.CompleteTrial(t.Id, new TrialOutcome(true, null, 0.5, null, null, null, null, 1, new Dictionary<string, double>(),
            new TrialArtefact("trials/k/model.bin", hash)));
    }

    private Architecture FirstDifferent(string hash)
    {
        for (var seed = 100; ; seed++)
        {
            var a = _space.Sample(new Random(seed));
            if (Hash(a) != hash) return a;
        }
    }

    private static string Hash(Architecture a) => ExperimentStore.HashArchitecture(ArchitectureJson.Serialize(a, indented: false));
}
