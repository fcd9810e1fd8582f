namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;

/// <summary>Strategy tensors (<see cref="NasSharp.Strategies.ITensorState"/>) go to hashed files beside the store, not
/// into its state blob; a checkpoint leaves exactly one, and resume refuses a file that differs from what was recorded.</summary>
public sealed class TensorStateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-tensors-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Checkpoint_Twice_OnlyLastFileRemainsAndRowHashMatchesIt()
    {
        using var store = NewStore();
        var strategy = new TensorStrategy { Payload = Bytes(1000, 1) };
        var context = NewContext(store, strategy);
        context.Checkpoint(1);
        strategy.Payload = Bytes(2000, 2);
        context.Checkpoint(2);

        var row = store.FindStateFile("tensors")!;
        Assert.Equal("strategy/state-2.bin", row.Path);
        var file = Path.Combine(_dir, "strategy", "state-2.bin");
        Assert.Equal([file], Directory.GetFiles(Path.Combine(_dir, "strategy")));
        Assert.Equal(strategy.Payload, File.ReadAllBytes(file));
        Assert.Equal(Sha256(file), row.Hash);
        Assert.Equal(2000, row.Bytes);
    }

    [Fact]
    public void Checkpoint_SameStepTwice_KeepsRecordedFileUntilReplacementIsCommitted()
    {
        using var store = NewStore();
        var strategy = new TensorStrategy { Payload = Bytes(100, 1) };
        var context = NewContext(store, strategy);
        context.Checkpoint(3);
        strategy.Payload = Bytes(100, 9);
        context.Checkpoint(3);

        var row = store.FindStateFile("tensors")!;
        Assert.Equal("strategy/state-3-1.bin", row.Path);
        Assert.Equal(Sha256(Path.Combine(_dir, "strategy", "state-3-1.bin")), row.Hash);
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "strategy")));
    }

    [Fact]
    public void Checkpoint_TensorStrategy_StateBlobHoldsNoTensors()
    {
        using var store = NewStore();
        var context = NewContext(store, new TensorStrategy { Payload = Bytes(1 << 20, 3) });
        context.Checkpoint(1);
        Assert.InRange(store.LoadStrategyState()!.Value.State.Length, 1, 200);
    }

    [Fact]
    public void Restore_RecordedFile_LoadsStateThenTensorsFromIt()
    {
        using (var store = NewStore())
            NewContext(store, new TensorStrategy { Payload = Bytes(500, 4), SmallState = [7, 7] }).Checkpoint(5);

        using var reopened = ExperimentStore.Open(DbPath);
        var restored = new TensorStrategy();
        NewContext(reopened, restored).Restore();
        Assert.Equal([7, 7], restored.LoadedSmallState);
        Assert.Equal(Path.Combine(_dir, "strategy", "state-5.bin"), restored.LoadedPath);
        Assert.Equal(Bytes(500, 4), restored.LoadedBytes);
    }

    [Fact]
    public void Restore_CorruptedTensorFile_ThrowsInvalidDataNamingFileAndLoadsNothing()
    {
        using (var store = NewStore())
            NewContext(store, new TensorStrategy { Payload = Bytes(500, 5) }).Checkpoint(1);
        var file = Path.Combine(_dir, "strategy", "state-1.bin");
        var bytes = File.ReadAllBytes(file);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        using var reopened = ExperimentStore.Open(DbPath);
        var restored = new TensorStrategy();
        var e = Assert.Throws<InvalidDataException>(() => NewContext(reopened, restored).Restore());
        Assert.Contains(file, e.Message);
        Assert.Contains("SHA-256", e.Message);
        Assert.Null(restored.LoadedPath);
    }

    [Fact]
    public void Restore_TensorFileMissing_ThrowsInvalidDataNamingFile()
    {
        using (var store = NewStore())
            NewContext(store, new TensorStrategy { Payload = Bytes(50, 6) }).Checkpoint(1);
        var file = Path.Combine(_dir, "strategy", "state-1.bin");
        File.Delete(file);
        using var reopened = ExperimentStore.Open(DbPath);
        var e = Assert.Throws<InvalidDataException>(() => NewContext(reopened, new TensorStrategy()).Restore());
        Assert.Contains(file, e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void Checkpoint_NoTensorsAnyMore_ForgetsRowAndDeletesFiles()
    {
        using var store = NewStore();
        var strategy = new TensorStrategy { Payload = Bytes(50, 7) };
        var context = NewContext(store, strategy);
        context.Checkpoint(1);
        strategy.Payload = [];
        context.Checkpoint(2);
        Assert.Null(store.FindStateFile("tensors"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "strategy")));
    }

    private string DbPath => Path.Combine(_dir, Experiment.DatabaseFile);

    private ExperimentStore NewStore()
    {
        var now = DateTimeOffset.UnixEpoch;
        return ExperimentStore.Create(DbPath, new ExperimentInfo("t", "tensor-fake", "nb201", "{}", 1, ExperimentStatus.Created, now, now, null));
    }

    private SearchContext NewContext(ExperimentStore store, TensorStrategy strategy) =>
        new(store, new RecordingExecutor(), strategy, 1, null, TimeProvider.System, _dir);

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
}
