namespace NasSharp.Strategies;

using NasSharp.Experiments;

/// <summary>
/// Optional for an <see cref="ISearchStrategy"/> whose state holds tensors (a supernet, a controller, optimisers, the
/// torch RNG): they go to a file beside the store instead of the database blob of <see cref="ISearchStrategy.SaveState"/>.
/// <see cref="SearchContext.Checkpoint"/> asks for a new file each checkpoint (written under a temporary name, flushed
/// and renamed, its SHA-256 recorded in the same transaction as the small state); resume verifies the recorded hash and
/// calls <see cref="LoadTensors"/> after <see cref="ISearchStrategy.LoadState"/> and before
/// <see cref="ISearchStrategy.RunAsync"/>.
/// </summary>
public interface ITensorState
{
    /// <summary>Whether there are tensors to save now (false, e.g., before the strategy built its models; then no file is
    /// written and any earlier one is forgotten).</summary>
    bool HasTensors { get; }

    /// <summary>Writes every tensor of the strategy's state (modules, optimisers, RNG) to the new file
    /// <paramref name="path"/>; the context flushes, hashes and renames it afterwards.</summary>
    void SaveTensors(string path);

    /// <summary>Restores what <see cref="SaveTensors"/> wrote to <paramref name="path"/> (hash already verified). The
    /// strategy may keep the path and load lazily, e.g. once its models are built; the file stays until the next
    /// checkpoint replaces it.</summary>
    void LoadTensors(string path);
}
