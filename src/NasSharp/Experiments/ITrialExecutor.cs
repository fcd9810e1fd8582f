namespace NasSharp.Experiments;

/// <summary>
/// The one seam between search and where trials run (NNI's executor shape): submit specs, ask for free slots, and
/// take results in whatever order they finish. A later executor (machines pulling trials from a shared PostgreSQL
/// table with leases) implements the same interface; strategies never see which one runs their trials.
/// </summary>
public interface ITrialExecutor : IDisposable
{
    /// <summary>How many more trials can be submitted now: the executor's capacity minus the trials submitted and not yet
    /// taken back with <see cref="NextCompletedAsync"/> (a finished result still holds its slot until it is taken, so a
    /// strategy's proposals do not depend on how fast trials finish).</summary>
    int FreeSlots { get; }

    /// <summary>Trials submitted and not yet taken back with <see cref="NextCompletedAsync"/>.</summary>
    int Pending { get; }

    /// <summary>Starts <paramref name="spec"/> (or queues it when no slot is free).</summary>
    void Submit(TrialSpec spec);

    /// <summary>The next trial to finish, in completion order. Throws <see cref="InvalidOperationException"/> when
    /// nothing is pending, and <see cref="OperationCanceledException"/> when cancelled.</summary>
    Task<CompletedTrial> NextCompletedAsync(CancellationToken cancellation);
}
