namespace NasSharp.Experiments;

using NasSharp.Strategies;

/// <summary>Files kept beside an experiment store and recorded in it by path and SHA-256: strategy tensor files
/// (<c>strategy/state-&lt;step&gt;.bin</c>) and trial artefacts. Writes are crash-safe: temporary name, flush to disk,
/// rename; a recorded file is never overwritten.</summary>
internal static class StateFiles
{
    /// <summary>Folder of strategy tensor files under the experiment folder.</summary>
    public const string StrategyFolder = "strategy";

    /// <summary>Name of the <c>state_files</c> row of a strategy's tensors.</summary>
    public const string TensorsName = "tensors";

    private const string TensorPrefix = "state-";

    /// <summary>Has <paramref name="strategy"/> write its tensors to a new <c>strategy/state-&lt;step&gt;.bin</c>
    /// (<c>state-&lt;step&gt;-&lt;n&gt;.bin</c> when that name is taken) and returns the row to record.</summary>
    public static StateFile WriteTensors(string experimentFolder, ITensorState strategy, long step)
    {
        var dir = Path.Combine(experimentFolder, StrategyFolder);
        Directory.CreateDirectory(dir);
        var name = $"{TensorPrefix}{step}.bin";
        for (var n = 1; File.Exists(Path.Combine(dir, name)); n++) name = $"{TensorPrefix}{step}-{n}.bin";
        var full = Path.Combine(dir, name);
        var temp = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            strategy.SaveTensors(temp);
            if (!File.Exists(temp))
            {
                throw new InvalidOperationException(
                    $"{strategy.GetType().Name}.SaveTensors did not write the file it was given ('{temp}').");
            }

            long bytes;
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                stream.Flush(flushToDisk: true);
                bytes = stream.Length;
            }

            var hash = StoreEncoding.FileSha256(temp);
            File.Move(temp, full, overwrite: false);
            return new StateFile(TensorsName, $"{StrategyFolder}/{name}", hash, bytes);
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    /// <summary>Deletes every <c>strategy/state-*</c> file but <paramref name="keep"/> (a recorded relative path, or null
    /// to keep none).</summary>
    public static void DeleteOtherTensorFiles(string experimentFolder, string? keep)
    {
        var dir = Path.Combine(experimentFolder, StrategyFolder);
        if (!Directory.Exists(dir)) return;
        var kept = keep is null ? null : Resolve(experimentFolder, keep);
        foreach (var file in Directory.EnumerateFiles(dir, TensorPrefix + "*"))
        {
            if (!string.Equals(Path.GetFullPath(file), kept, StringComparison.Ordinal)) DeleteQuietly(file);
        }
    }

    /// <summary>The full path of the recorded file <paramref name="relativePath"/>, after checking it exists and its
    /// SHA-256 is <paramref name="hash"/>.</summary>
    /// <param name="experimentFolder">The experiment folder the path is relative to.</param>
    /// <param name="relativePath">The recorded path.</param>
    /// <param name="hash">The recorded SHA-256, lower-case hex.</param>
    /// <param name="what">What the file is, for the message (e.g. <c>the strategy tensor file</c>).</param>
    /// <param name="storePath">The store that recorded it, for the message.</param>
    /// <exception cref="InvalidDataException">The file is missing or its bytes differ from what was recorded.</exception>
    public static string Verify(string experimentFolder, string relativePath, string hash, string what, string storePath)
    {
        var full = Resolve(experimentFolder, relativePath);
        if (!File.Exists(full))
        {
            throw new InvalidDataException(
                $"{what} '{full}' recorded in experiment store '{storePath}' is missing (was it deleted or moved?).");
        }

        var actual = StoreEncoding.FileSha256(full);
        if (!string.Equals(actual, hash, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException(
                $"{what} '{full}' does not match experiment store '{storePath}': its SHA-256 is {actual}, the store recorded " +
                $"{hash} (the file was changed or damaged).");
        }

        return full;
    }

    /// <summary>A recorded <c>/</c>-separated relative path made full under <paramref name="experimentFolder"/>.</summary>
    public static string Resolve(string experimentFolder, string relativePath) =>
        Path.GetFullPath(Path.Combine(experimentFolder, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary><paramref name="fullPath"/> relative to <paramref name="experimentFolder"/>, <c>/</c>-separated.</summary>
    public static string Relative(string experimentFolder, string fullPath) =>
        Path.GetRelativePath(experimentFolder, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
