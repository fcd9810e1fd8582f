namespace NasSharp.Strategies.Supernet;

using NasSharp.Data;
using NasSharp.Experiments;
using static TorchSharp.torch;

/// <summary>The batches a supernet search draws: the search-training split (shuffled, augmented with the budget's crop and
/// flip, last partial batch dropped) and the validation split (shuffled, not augmented), both from the search's
/// <see cref="SearchData"/>, with seeded streams <c>&lt;strategy&gt;/batches</c> and <c>&lt;strategy&gt;/valid</c>.</summary>
public sealed class SupernetBatches
{
    internal SupernetBatches(SearchData data, BatchLoader train, BatchLoader valid)
    {
        Data = data;
        Train = train;
        Valid = valid;
    }

    /// <summary>The search's data.</summary>
    public SearchData Data { get; }

    /// <summary>Training batches (for ω).</summary>
    public BatchLoader Train { get; }

    /// <summary>Validation batches (rewards, α steps, derive scores).</summary>
    public BatchLoader Valid { get; }

    /// <summary>An endless stream of <paramref name="loader"/>'s batches: pass after pass, each reshuffled with the seed
    /// of <paramref name="epoch"/> and the pass. The caller disposes each batch.</summary>
    public static IEnumerable<(Tensor X, Tensor Y)> Cycle(BatchLoader loader, int epoch)
    {
        for (var pass = 0; ; pass++)
            foreach (var batch in loader.Epoch(epoch * 1000 + pass))
                yield return batch;
    }
}
