namespace NasSharp.Experiments;

using NasSharp.Data;
using NasSharp.Networks;

/// <summary>
/// The data of one search, loaded once and shared by the trial runner and the strategy: the seeded, class-stratified
/// train/validation split of the training set (<see cref="TrialBudget.ValidFraction"/>), the class-balanced
/// <see cref="TrialBudget.TrainLimit"/> of the search-training part, the test set (reported, never used to choose) and
/// the normalisation measured on the search-training part. Read-only once built, so workers may share it.
/// </summary>
public sealed class SearchData : IDisposable
{
    private readonly DatasetSplits _splits;

    private SearchData(DatasetSplits splits, ImageDataset train, ImageDataset valid, string data)
    {
        _splits = splits;
        Train = train;
        Valid = valid;
        Name = data;
        Normalization = Normalization.FromDataset(train);
    }

    /// <summary>The dataset name or path the budget gave.</summary>
    public string Name { get; }

    /// <summary>The search-training part (trials train on it; weight-sharing methods train their shared weights on it).</summary>
    public ImageDataset Train { get; }

    /// <summary>The held-out validation part (the search's signal).</summary>
    public ImageDataset Valid { get; }

    /// <summary>The test split (reported only).</summary>
    public ImageDataset Test => _splits.Test;

    /// <summary>Per-channel normalisation of <see cref="Train"/>.</summary>
    public Normalization Normalization { get; }

    /// <summary>Loads <see cref="TrialBudget.Data"/> and splits it. The split's shuffle is seeded by
    /// <c>StableSeed.Derive(seed, "split")</c>, the train limit's picks by <c>StableSeed.Derive(seed, "train-limit")</c>.</summary>
    /// <param name="budget">Data, data folder, validation fraction and train limit.</param>
    /// <param name="seed">The experiment's root seed.</param>
    public static SearchData Load(TrialBudget budget, int seed)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var splits = DatasetCatalog.Load(budget.Data, budget.DataDir);
        ImageDataset? train = null, valid = null;
        try
        {
            (train, valid) = DataSplit.TrainValid(splits.Train, budget.ValidFraction, StableSeed.Derive(seed, "split"));
            if (budget.TrainLimit > 0 && budget.TrainLimit < train.Count)
            {
                var all = train;
                train = budget.TrainLimitStratified
                    ? DataSplit.Stratified(all, budget.TrainLimit, StableSeed.Derive(seed, "train-limit"))
                    : all.Subset(Enumerable.Range(0, budget.TrainLimit).Select(i => (long)i).ToArray()); // folders of schema 1
                all.Dispose();
            }
            return new SearchData(splits, train, valid, budget.Data);
        }
        catch
        {
            train?.Dispose();
            valid?.Dispose();
            splits.Dispose();
            throw;
        }
    }

    /// <summary>Network options for this data: its image channels, size and classes, with the given width and depth.</summary>
    public NetworkOptions NetworkOptions(int channels, int layers, bool auxiliary = false) =>
        new(Train.Channels, Train.Height, Train.Classes.Count, channels, layers, auxiliary);

    /// <summary>Frees the images.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Valid.Dispose();
        _splits.Dispose();
    }
}
