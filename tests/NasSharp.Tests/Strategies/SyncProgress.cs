namespace NasSharp.Tests.Strategies;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (to stop a run at an exact step).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
