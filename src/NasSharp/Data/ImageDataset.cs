using TorchSharp;
using static TorchSharp.torch;

namespace NasSharp.Data;

/// <summary>A labelled image dataset held in memory as raw pixels: <see cref="Images"/> is uint8
/// <c>[N, C, H, W]</c> (0..255, not normalised) and <see cref="Labels"/> is int64 <c>[N]</c>.
/// Owns both tensors (they are detached from any dispose scope) and frees them on <see cref="Dispose"/>.</summary>
public sealed class ImageDataset : IDisposable
{
    private bool _disposed;

    /// <summary>Wraps existing tensors; the dataset takes ownership of both (they are detached from any
    /// dispose scope and disposed with the dataset).</summary>
    /// <param name="images">uint8 <c>[N, C, H, W]</c> raw pixels on the CPU.</param>
    /// <param name="labels">int64 <c>[N]</c>, each in <c>0 .. classes.Count - 1</c>.</param>
    /// <param name="classes">Class names, index = label.</param>
    /// <param name="source">Where the data came from (file, folder or description), used in messages.</param>
    /// <exception cref="ArgumentException">Wrong dtype, rank, count mismatch or a label out of range.</exception>
    public ImageDataset(Tensor images, Tensor labels, IReadOnlyList<string> classes, string source)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(source);
        if (images.dtype != ScalarType.Byte || images.dim() != 4)
        {
            throw new ArgumentException($"{source}: images must be uint8 [N, C, H, W], got {images.dtype} [{string.Join(", ", images.shape)}]", nameof(images));
        }
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1)
        {
            throw new ArgumentException($"{source}: labels must be int64 [N], got {labels.dtype} [{string.Join(", ", labels.shape)}]", nameof(labels));
        }
        if (images.shape[0] != labels.shape[0])
        {
            throw new ArgumentException($"{source}: {images.shape[0]} images but {labels.shape[0]} labels", nameof(labels));
        }
        if (classes.Count == 0)
        {
            throw new ArgumentException($"{source}: no classes", nameof(classes));
        }
        if (labels.shape[0] > 0)
        {
            using var minT = labels.min();
            using var maxT = labels.max();
            long min = minT.item<long>();
            long max = maxT.item<long>();
            if (min < 0 || max >= classes.Count)
            {
                throw new ArgumentException($"{source}: labels span {min}..{max}, expected 0..{classes.Count - 1}", nameof(labels));
            }
        }

        if (!images.is_contiguous())
        {
            var contiguous = images.contiguous();
            images.Dispose();
            images = contiguous;
        }
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        Classes = classes.ToArray();
        Source = source;
        Count = images.shape[0];
        Channels = (int)images.shape[1];
        Height = (int)images.shape[2];
        Width = (int)images.shape[3];
    }

    /// <summary>Raw pixels, uint8 <c>[N, C, H, W]</c>, 0..255.</summary>
    public Tensor Images { get; }

    /// <summary>Class indices, int64 <c>[N]</c>.</summary>
    public Tensor Labels { get; }

    /// <summary>Class names; index = label.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The file or folder the data came from, for messages.</summary>
    public string Source { get; }

    /// <summary>Number of images N.</summary>
    public long Count { get; }

    /// <summary>Channels C (1 for grayscale, 3 for RGB).</summary>
    public int Channels { get; }

    /// <summary>Image height H in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width W in pixels.</summary>
    public int Width { get; }

    /// <summary>A new dataset with the images at <paramref name="indices"/>, in that order (copies the pixels).
    /// Its <see cref="Source"/> is this source with " (subset of N)" appended.</summary>
    /// <param name="indices">Indices into this dataset, each in <c>0 .. Count - 1</c>; repeats allowed.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public ImageDataset Subset(long[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (long i in indices)
        {
            if (i < 0 || i >= Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"index {i} is outside 0..{Count - 1} of {Source}");
            }
        }
        using var scope = NewDisposeScope();
        var idx = tensor(indices, ScalarType.Int64);
        var images = Images.index_select(0, idx).contiguous();
        var labels = Labels.index_select(0, idx).contiguous();
        return new ImageDataset(images, labels, Classes, $"{Source} (subset of {indices.Length})");
    }

    /// <summary>Number of images of each class, index = label.</summary>
    public long[] ClassCounts()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        var counts = Labels.bincount(null, Classes.Count);
        return counts.data<long>().ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Source}: {Count} images {Channels}x{Height}x{Width}, {Classes.Count} classes";

    /// <summary>Frees the image and label tensors.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Images.Dispose();
        Labels.Dispose();
    }
}
