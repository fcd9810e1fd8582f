namespace NasSharp.Strategies;

/// <summary>A strategy whose state includes tensors (supernets, controllers, optimisers). They are written to a file
/// in the experiment folder at every checkpoint, not into the store; the store keeps the file's path and hash in the
/// same transaction as the strategy's small state.</summary>
public interface ITensorState
{
    /// <summary>Whether there are tensors to save now (models built).</summary>
    bool HasTensors { get; }

    /// <summary>Writes the tensors to <paramref name="path"/>.</summary>
    void SaveTensors(string path);

    /// <summary>Called on resume, before <see cref="ISearchStrategy.RunAsync"/>, with the last saved file; the strategy
    /// may keep the path and load once its models are built.</summary>
    void LoadTensors(string path);
}
