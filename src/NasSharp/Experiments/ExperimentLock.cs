namespace NasSharp.Experiments;

using System.Globalization;
using System.Text.Json;
using NasSharp.Training;

/// <summary>
/// The one-writer lock of an experiment folder: <c>experiment.lock</c> opened with <see cref="FileShare.None"/>, which
/// .NET implements on Linux and macOS with <c>flock(LOCK_EX)</c> (and on Windows with a sharing mode): the operating
/// system releases it when the process ends, even by SIGKILL, so a lock left by a dead run never blocks. Who holds it
/// is written to <c>experiment.lock.json</c> (the lock file itself cannot be read by others while held).
/// </summary>
internal sealed class ExperimentLock : IDisposable
{
    /// <summary>The lock file.</summary>
    public const string LockFile = "experiment.lock";

    /// <summary>The holder's details: pid, host, start time, command line.</summary>
    public const string HolderFile = "experiment.lock.json";

    private readonly FileStream _stream;
    private readonly string _holderPath;

    private ExperimentLock(FileStream stream, string holderPath)
    {
        _stream = stream;
        _holderPath = holderPath;
    }

    /// <summary>Takes the lock of <paramref name="folder"/> (created if missing) and records this process as its holder.</summary>
    /// <exception cref="ExperimentLockedException">A live process holds it; the message names that process.</exception>
    public static ExperimentLock Acquire(string folder, TimeProvider time)
    {
        Directory.CreateDirectory(folder);
        var lockPath = Path.Combine(folder, LockFile);
        var holderPath = Path.Combine(folder, HolderFile);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw Locked(folder, holderPath, e);
        }

        try
        {
            var holder = new Holder(Environment.ProcessId, Environment.MachineName, time.GetUtcNow(), CommandLine());
            ModelFolder.WriteAtomically(holderPath, JsonSerializer.Serialize(holder, ModelFolder.Json));
            return new ExperimentLock(stream, holderPath);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Removes the holder's details, then releases the lock (the lock file stays: deleting it would let two
    /// runs lock two different files).</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_holderPath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        _stream.Dispose();
    }

    private static ExperimentLockedException Locked(string folder, string holderPath, Exception cause)
    {
        Holder? holder = null;
        try
        {
            holder = JsonSerializer.Deserialize<Holder>(File.ReadAllText(holderPath), ModelFolder.Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // The holder may not have written its details yet (or they were damaged): say so below.
        }

        var message = holder is null
            ? $"'{folder}' is being run by another process (it holds {LockFile}; {HolderFile} names no holder yet); wait " +
              "for it to finish or stop it before running it again"
            : string.Create(CultureInfo.InvariantCulture,
                $"'{folder}' is being run by process {holder.Pid} on {holder.Host} (started {holder.Started:O}: " +
                $"{holder.CommandLine}); wait for it to finish or stop it (Ctrl-C / kill {holder.Pid}) before running it again");
        return new ExperimentLockedException(message, folder, holder?.Pid, cause);
    }

    private static string CommandLine()
    {
        var args = Environment.GetCommandLineArgs();
        var line = string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
        return line.Length > 0 ? line : Environment.ProcessPath ?? "(unknown command line)";
    }

    private sealed record Holder(int Pid, string Host, DateTimeOffset Started, string CommandLine);
}
