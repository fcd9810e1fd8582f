namespace NasSharp.Strategies;

using NasSharp.Experiments;

/// <summary>
/// A search method. It sees only the <see cref="SearchContext"/> (submit trials, free slots, results, metrics,
/// checkpoints, seeded randomness) and keeps all of its state in what <see cref="SaveState"/> returns, so the experiment
/// layer can stop and resume it. A strategy must be deterministic given its state, the context's random streams and
/// the results it receives.
/// </summary>
public interface ISearchStrategy
{
    /// <summary>Short name, e.g. <c>random</c>.</summary>
    string Name { get; }

    /// <summary>Runs (or continues, after <see cref="LoadState"/>) the search until done or cancelled.</summary>
    Task RunAsync(SearchContext context, CancellationToken cancellation);

    /// <summary>Serialises every piece of the strategy's state (counters, populations, weights, RNG positions).</summary>
    byte[] SaveState();

    /// <summary>Restores a state produced by <see cref="SaveState"/>.</summary>
    void LoadState(byte[] state);
}
