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
        var byClass = ByClass(d);
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

    /// <summary>A class-balanced subset of <paramref name="count"/> images of <paramref name="d"/>: each class keeps its share
    /// (<c>count × class size / total</c>, the remainders given to the classes with the largest fractional parts, ties to
    /// the lower label), the images of a class picked by a seeded shuffle; the subset keeps the original order. Image
    /// folders load class by class, so taking the first N would keep only the first classes.</summary>
    /// <param name="d">The dataset (not modified; the subset is a copy the caller disposes).</param>
    /// <param name="count">Images to keep, 1 .. Count.</param>
    /// <param name="seed">Seed of the picks.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is outside 1 .. Count.</exception>
    public static ImageDataset Stratified(ImageDataset d, long count, int seed)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (count < 1 || count > d.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"expected 1 .. {d.Count} images of {d.Source}");
        }
        var byClass = ByClass(d);
        var exact = byClass.Select(m => (double)count * m.Count / d.Count).ToArray();
        var take = exact.Select(x => (int)Math.Floor(x)).ToArray();
        var left = count - take.Sum();
        foreach (var c in Enumerable.Range(0, byClass.Length).OrderByDescending(c => exact[c] - take[c]).ThenBy(c => c))
        {
            if (left == 0) break;
            if (take[c] < byClass[c].Count)
            {
                take[c]++;
                left--;
            }
        }
        var rng = new Random(seed);
        var keep = new List<long>();
        for (int c = 0; c < byClass.Length; c++)
        {
            long[] shuffled = byClass[c].ToArray();
            rng.Shuffle(shuffled);
            keep.AddRange(shuffled.Take(take[c]));
        }
        keep.Sort();
        return d.Subset(keep.ToArray());
    }

    // Indices of each class's images, in dataset order.
    private static List<long>[] ByClass(ImageDataset d)
    {
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
        return byClass;
    }
}
