namespace NasSharp.Tests;

/// <summary>A clock that only moves when told to: <see cref="Advance"/> or <see cref="Set"/>.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now;

    /// <summary>Starts at <paramref name="start"/> (default 2025-03-04 05:06:07.1234567 +02:00, sub-millisecond on purpose).</summary>
    public ManualTimeProvider(DateTimeOffset? start = null) =>
        _now = start ?? new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    public override DateTimeOffset GetUtcNow() => _now.ToUniversalTime();

    /// <summary>Moves the clock forward by <paramref name="by"/> (default 1.5 s plus one tick).</summary>
    public DateTimeOffset Advance(TimeSpan? by = null)
    {
        _now += by ?? TimeSpan.FromSeconds(1.5) + TimeSpan.FromTicks(1);
        return GetUtcNow();
    }

    public void Set(DateTimeOffset now) => _now = now;
}
