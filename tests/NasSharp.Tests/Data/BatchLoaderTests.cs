using NasSharp.Data;
using static TorchSharp.torch;

namespace NasSharp.Tests.Data;

public class BatchLoaderTests
{
    /// <summary>A small RGB dataset: image i has every pixel of channel c equal to (i * 3 + c * 50) % 256.</summary>
    private static ImageDataset Synthetic(int n = 20, int classes = 4)
    {
        var pixels = new byte[n * 3 * 8 * 8];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                Array.Fill(pixels, (byte)((i * 3 + c * 50) % 256), (i * 3 + c) * 64, 64);
            }
        }
        var images = tensor(pixels, [n, 3, 8, 8], ScalarType.Byte);
        var labels = tensor(Enumerable.Range(0, n).Select(i => (long)(i % classes)).ToArray());
        return new ImageDataset(images, labels, Enumerable.Range(0, classes).Select(i => $"c{i}").ToArray(), "synthetic");
    }

    private static List<(float[] X, long[] Y)> Collect(BatchLoader loader, int epoch)
    {
        var result = new List<(float[], long[])>();
        foreach (var (x, y) in loader.Epoch(epoch))
        {
            using (x)
            using (y)
            {
                result.Add((x.data<float>().ToArray(), y.data<long>().ToArray()));
            }
        }
        return result;
    }

    [Fact]
    public void Epoch_SameSeedAndEpoch_IdenticalBatches()
    {
        using var data = Synthetic();
        var aug = new AugmentationOptions(CutoutLength: 4);
        var a = Collect(new BatchLoader(data, 6, Normalization.FromDataset(data), aug, seed: 3), 2);
        var b = Collect(new BatchLoader(data, 6, Normalization.FromDataset(data), aug, seed: 3), 2);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].X, b[i].X);
            Assert.Equal(a[i].Y, b[i].Y);
        }
    }

    [Fact]
    public void Epoch_DifferentEpoch_DifferentOrderSameImages()
    {
        using var data = Synthetic();
        var loader = new BatchLoader(data, 5, Normalization.Identity(), seed: 1);
        var e0 = Collect(loader, 0);
        var e1 = Collect(loader, 1);
        // Labels are i % 4 and the first pixel identifies the image: compare the visiting order.
        float[] Order(List<(float[] X, long[] Y)> epoch) =>
            epoch.SelectMany(b => Enumerable.Range(0, b.Y.Length).Select(k => b.X[k * 192])).ToArray();
        Assert.NotEqual(Order(e0), Order(e1));
        Assert.Equal(Order(e0).Order(), Order(e1).Order());
        Assert.Equal(20, Order(e0).Distinct().Count());
    }

    [Fact]
    public void Epoch_NoShuffle_FileOrderAndPartialLastBatch()
    {
        using var data = Synthetic(n: 7);
        var loader = new BatchLoader(data, 3, Normalization.Identity(), shuffle: false);
        Assert.Equal(3, loader.BatchesPerEpoch);
        var batches = Collect(loader, 0);
        Assert.Equal([3, 3, 1], batches.Select(b => b.Y.Length));
        Assert.Equal(new long[] { 0, 1, 2 }, batches[0].Y);
        Assert.Equal(6 * 3 / 255f, batches[2].X[0], 5);
    }

    [Theory]
    [InlineData(true, true, 0)]
    [InlineData(true, false, 3)]
    [InlineData(false, true, 5)]
    [InlineData(true, true, 6)]
    public void Epoch_ManagedFastPath_MatchesTensorOps(bool crop, bool flip, int cutout)
    {
        using var data = Synthetic(n: 20);
        using var scope = NewDisposeScope();
        // Give each pixel a distinct value so any misplaced byte shows.
        var noise = (arange(20 * 3 * 8 * 8, dtype: ScalarType.Int64) * 37 % 251).to(ScalarType.Byte).view(20, 3, 8, 8);
        using var distinct = new ImageDataset(noise.clone(), data.Labels.clone(), data.Classes, "distinct");
        var norm = Normalization.FromDataset(distinct);
        var aug = new AugmentationOptions(crop, 3, flip, cutout);
        var loader = new BatchLoader(distinct, 7, norm, aug, seed: 11);

        var rng = new Random(BatchLoader.MixSeed(11, 4));
        long[] order = Enumerable.Range(0, 20).Select(i => (long)i).ToArray();
        rng.Shuffle(order);
        int start = 0;
        foreach (var (x, y) in loader.Epoch(4))
        {
            long[] idx = order[start..Math.Min(20, start + 7)];
            start += 7;
            var expected = distinct.Images.index_select(0, tensor(idx));
            if (crop)
            {
                expected = Augment.RandomCrop(expected, 3, rng);
            }
            if (flip)
            {
                expected = Augment.HorizontalFlip(expected, rng);
            }
            expected = norm.Apply(expected);
            if (cutout > 0)
            {
                expected = Augment.Cutout(expected, cutout, rng);
            }
            Assert.Equal(expected.shape, x.shape);
            Assert.True(expected.eq(x).all().item<bool>());
            Assert.Equal(distinct.Labels.index_select(0, tensor(idx)).data<long>().ToArray(), y.data<long>().ToArray());
        }
        Assert.Equal(21, start);
    }

    [Fact]
    public void Epoch_DropLast_SkipsPartialBatch()
    {
        using var data = Synthetic(n: 7);
        var loader = new BatchLoader(data, 3, Normalization.Identity(), dropLast: true);
        Assert.Equal(2, loader.BatchesPerEpoch);
        Assert.Equal(2, Collect(loader, 0).Count);
    }

    [Fact]
    public void Epoch_YieldsFloatBatchesOfRightShapeAndType()
    {
        using var data = Synthetic();
        var loader = new BatchLoader(data, 8, Normalization.FromDataset(data), new AugmentationOptions(CutoutLength: 3), seed: 5);
        using var scope = NewDisposeScope();
        var (x, y) = loader.Epoch(0).First();
        Assert.Equal(ScalarType.Float32, x.dtype);
        Assert.Equal(new long[] { 8, 3, 8, 8 }, x.shape);
        Assert.Equal(ScalarType.Int64, y.dtype);
        Assert.Equal(new long[] { 8 }, y.shape);
    }

    [Fact]
    public void Constructor_ChannelMismatch_Throws()
    {
        using var data = Synthetic();
        Assert.Throws<ArgumentException>(() => new BatchLoader(data, 4, Normalization.Identity(1)));
    }

    [Fact]
    public void Epoch_DefaultDatasetWithAugmentation_Throughput()
    {
        using var splits = DatasetCatalog.Load("default");
        var loader = new BatchLoader(splits.Train, 64, Normalization.FromDataset(splits.Train), new AugmentationOptions(CutoutLength: 16), seed: 1);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long images = 0;
        foreach (var (x, y) in loader.Epoch(0))
        {
            using (x)
            using (y)
            {
                images += y.shape[0];
            }
        }
        Console.WriteLine($"BatchLoader: {images} images (crop+flip+cutout, batch 64) in {watch.Elapsed.TotalSeconds:0.000} s");
        Assert.Equal(10000, images);
    }
}
