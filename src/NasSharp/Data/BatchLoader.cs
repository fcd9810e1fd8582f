using TorchSharp;
using static TorchSharp.torch;

namespace NasSharp.Data;

/// <summary>Cuts an <see cref="ImageDataset"/> into normalised (and optionally augmented) minibatches.
/// All randomness (order, crop offsets, flips, cutout centres) comes from a <see cref="Random"/> seeded with
/// (<c>seed</c>, <c>epoch</c>), so an epoch's batches are identical on every run and independent of torch's global RNG.</summary>
public sealed class BatchLoader
{
    private readonly long[] _labels;

    /// <summary>Creates a loader.</summary>
    /// <param name="data">The dataset (not owned; keep it alive while enumerating).</param>
    /// <param name="batchSize">Images per batch, &gt; 0.</param>
    /// <param name="norm">Normalisation applied to every batch (its channel count must match the data).</param>
    /// <param name="augmentation">Augmentation (default <c>null</c> = <see cref="AugmentationOptions.None"/>).</param>
    /// <param name="shuffle">Visit the images in a fresh random order each epoch (default true); false = file order.</param>
    /// <param name="seed">Seed of the order and the augmentation (default 0).</param>
    /// <param name="dropLast">Skip the last, smaller batch (default false).</param>
    /// <param name="device">Device the batches are built on (default <c>null</c> = CPU). Pixels are moved as uint8,
    /// then augmented and normalised there.</param>
    public BatchLoader(ImageDataset data, int batchSize, Normalization norm, AugmentationOptions? augmentation = null,
        bool shuffle = true, int seed = 0, bool dropLast = false, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(norm);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (norm.Channels != data.Channels)
        {
            throw new ArgumentException($"normalization has {norm.Channels} channels, {data.Source} has {data.Channels}", nameof(norm));
        }
        augmentation ??= AugmentationOptions.None;
        if (augmentation.Padding < 0 || augmentation.CutoutLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(augmentation), augmentation, "padding and cutout length must be >= 0");
        }
        Data = data;
        BatchSize = batchSize;
        Normalization = norm;
        Augmentation = augmentation;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        Device = device ?? CPU;
        using (var labelsCopy = data.Labels.cpu())
        {
            _labels = labelsCopy.data<long>().ToArray();
        }
        long batches = dropLast ? data.Count / batchSize : (data.Count + batchSize - 1) / batchSize;
        BatchesPerEpoch = checked((int)batches);
    }

    /// <summary>The dataset batches are drawn from.</summary>
    public ImageDataset Data { get; }

    /// <summary>Images per batch (the last batch may be smaller unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; }

    /// <summary>The normalisation applied to every batch.</summary>
    public Normalization Normalization { get; }

    /// <summary>The augmentation applied to every batch (<see cref="AugmentationOptions.None"/> when none).</summary>
    public AugmentationOptions Augmentation { get; }

    /// <summary>Whether each epoch visits the images in a fresh random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Seed of the order and the augmentation.</summary>
    public int Seed { get; }

    /// <summary>Whether the last, smaller batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>The device batches are built on (CPU by default).</summary>
    public Device Device { get; }

    /// <summary>Number of batches one <see cref="Epoch"/> yields.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The batches of one epoch: float32 <c>[B, C, H, W]</c> normalised (and augmented if set) and int64
    /// <c>[B]</c> labels. Deterministic given (seed, epoch). Each pair is created in the caller's current dispose
    /// scope, if any; otherwise the caller disposes it.</summary>
    /// <param name="epoch">Epoch number (any integer; different epochs give different orders and augmentations).</param>
    public IEnumerable<(Tensor X, Tensor Y)> Epoch(int epoch)
    {
        var rng = new Random(MixSeed(Seed, epoch));
        long[] order = new long[Data.Count];
        for (long i = 0; i < order.LongLength; i++)
        {
            order[i] = i;
        }
        if (Shuffle)
        {
            rng.Shuffle(order);
        }
        for (int b = 0; b < BatchesPerEpoch; b++)
        {
            long start = (long)b * BatchSize;
            int size = (int)Math.Min(BatchSize, order.LongLength - start);
            yield return MakeBatch(order.AsSpan((int)start, size).ToArray(), rng);
        }
    }

    /// <summary>Builds one batch in its own dispose scope and hands the two results to the caller's scope.
    /// Not an iterator, so no scope stays open across a <c>yield</c>.</summary>
    private (Tensor X, Tensor Y) MakeBatch(long[] indices, Random rng)
    {
        using var scope = NewDisposeScope();
        var aug = Augmentation;
        bool crop = aug.RandomCrop && aug.Padding > 0;
        var (oy, ox) = crop ? Augment.DrawCrop(indices.Length, aug.Padding, rng) : (null, null);
        bool[]? flip = aug.HorizontalFlip ? Augment.DrawFlip(indices.Length, rng) : null;

        var labels = new long[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            labels[i] = _labels[indices[i]];
        }
        var y = tensor(labels, ScalarType.Int64);
        Tensor x;
        if (Data.Images.device_type == DeviceType.CPU && Data.Images.is_contiguous())
        {
            // Gather, crop and flip the raw bytes in one managed pass, then move uint8 to the device.
            x = Augment.GatherCropFlip(TensorBytes.Span(Data.Images), Data.Channels, Data.Height, Data.Width,
                indices, aug.Padding, oy, ox, flip);
        }
        else
        {
            x = Data.Images.index_select(0, tensor(indices, ScalarType.Int64, device: Data.Images.device));
            if (oy is not null && ox is not null)
            {
                x = Augment.CropAt(x, aug.Padding, oy, ox);
            }
            if (flip is not null)
            {
                x = Augment.FlipWhere(x, flip);
            }
        }
        if (Device.type != DeviceType.CPU)
        {
            x = x.to(Device);
            y = y.to(Device);
        }
        x = Normalization.Apply(x);
        if (aug.CutoutLength > 0)
        {
            x = Augment.Cutout(x, aug.CutoutLength, rng);
        }
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }

    /// <summary>A well-spread 32-bit seed from (seed, epoch) (SplitMix64 finaliser; stable across runs and platforms).</summary>
    internal static int MixSeed(int seed, int epoch)
    {
        ulong z = ((ulong)(uint)seed << 32) | (uint)epoch;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return unchecked((int)(z ^ (z >> 32)));
    }
}
