using static TorchSharp.torch;

namespace NasSharp.Data;

/// <summary>Splits a dataset into parts, reproducibly from a seed.</summary>
public static class DataSplit
{
    /// <summary>Splits <paramref name="d"/> into train and validation parts, stratified by class: from each class,
    /// <c>round(validFraction × class size)</c> images chosen by a seeded shuffle go to validation, the rest to train.
    /// Both parts keep the original order of the images. Same (dataset, fraction, seed) ⇒ same split.</summary>
    /// <param name="d">The dataset to split (not modified; the parts are copies the caller disposes).</param>
    /// <param name="validFraction">Fraction of each class for validation, strictly between 0 and 1 (DARTS uses 0.5).</param>
    /// <param name="seed">Seed of the shuffle.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validFraction"/> is not in (0, 1).</exception>
    public static (ImageDataset Train, ImageDataset Valid) TrainValid(ImageDataset d, double validFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!(validFraction > 0 && validFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validFraction), validFraction, "expected a fraction strictly between 0 and 1");
        }
        long[] labels;
        using (var scope = NewDisposeScope())
        {
            labels = d.Labels.cpu().data<long>().ToArray();
        }
        var byClass = new List<long>[d.Classes.Count];
        for (int c = 0; c < byClass.Length; c++)
        {
            byClass[c] = [];
        }
        for (long i = 0; i < labels.Length; i++)
        {
            byClass[labels[i]].Add(i);
        }
        var rng = new Random(seed);
        var valid = new List<long>();
        var train = new List<long>();
        foreach (var members in byClass)
        {
            long[] shuffled = members.ToArray();
            rng.Shuffle(shuffled);
            int take = (int)Math.Round(validFraction * shuffled.Length, MidpointRounding.AwayFromZero);
            valid.AddRange(shuffled.Take(take));
            train.AddRange(shuffled.Skip(take));
        }
        train.Sort();
        valid.Sort();
        ImageDataset trainPart = d.Subset(train.ToArray());
        try
        {
            return (trainPart, d.Subset(valid.ToArray()));
        }
        catch
        {
            trainPart.Dispose();
            throw;
        }
    }
}
