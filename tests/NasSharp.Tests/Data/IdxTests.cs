using NasSharp.Data;

namespace NasSharp.Tests.Data;

public class IdxTests
{
    private static (byte[] Pixels, byte[] Labels) Synthetic(int n, int rows, int cols)
    {
        var pixels = new byte[n * rows * cols];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7 % 256);
        }
        var labels = Enumerable.Range(0, n).Select(i => (byte)(i % 3)).ToArray();
        return (pixels, labels);
    }

    private static void WriteFolder(string dir, int nTrain, int nTest, string ext)
    {
        var (p, l) = Synthetic(nTrain, 5, 4);
        Idx.WriteImages(Path.Combine(dir, $"train-images-idx3-ubyte{ext}"), p, nTrain, 5, 4);
        Idx.WriteLabels(Path.Combine(dir, $"train-labels-idx1-ubyte{ext}"), l);
        var (tp, tl) = Synthetic(nTest, 5, 4);
        Idx.WriteImages(Path.Combine(dir, $"t10k-images-idx3-ubyte{ext}"), tp, nTest, 5, 4);
        Idx.WriteLabels(Path.Combine(dir, $"t10k-labels-idx1-ubyte{ext}"), tl);
    }

    [Theory]
    [InlineData(".gz")]
    [InlineData("")]
    public void Load_SyntheticIdxFolder_RoundTripsPixelsAndLabels(string ext)
    {
        using var tmp = TestData.NewTempDir();
        WriteFolder(tmp.Path, 6, 3, ext);
        using var splits = DatasetCatalog.Load(tmp.Path);

        var (pixels, labels) = Synthetic(6, 5, 4);
        Assert.Equal(new long[] { 6, 1, 5, 4 }, splits.Train.Images.shape);
        Assert.Equal(pixels, splits.Train.Images.data<byte>().ToArray());
        Assert.Equal(labels.Select(b => (long)b), splits.Train.Labels.data<long>().ToArray());
        Assert.Equal(3, splits.Test.Count);
        Assert.Equal(new[] { "0", "1", "2" }, splits.Train.Classes);
        Assert.Equal((1, 5, 4), (splits.Train.Channels, splits.Train.Height, splits.Train.Width));
    }

    [Fact]
    public void ReadImages_Truncated_ThrowsNamingFileAndSizes()
    {
        using var tmp = TestData.NewTempDir();
        string file = Path.Combine(tmp.Path, "train-images-idx3-ubyte.gz");
        var (p, _) = Synthetic(10, 5, 4);
        Idx.WriteImages(file, p, 10, 5, 4);
        // Rewrite with the header of 10 images but only 3 images of payload.
        byte[] raw = Idx.ReadAll(file);
        using (var f = File.Create(file))
        using (var gz = new System.IO.Compression.GZipStream(f, System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(raw, 0, 16 + 3 * 20);
        }

        var e = Assert.Throws<DataFormatException>(() => Idx.ReadImages(file));
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
        Assert.Contains("expected 200 bytes", e.Message);
        Assert.Contains("got 60", e.Message);
    }

    [Fact]
    public void ReadImages_TruncatedGzipStream_ThrowsNamingFile()
    {
        using var tmp = TestData.NewTempDir();
        string file = Path.Combine(tmp.Path, "t10k-images-idx3-ubyte.gz");
        var (p, _) = Synthetic(50, 28, 28);
        Idx.WriteImages(file, p, 50, 28, 28);
        byte[] gz = File.ReadAllBytes(file);
        File.WriteAllBytes(file, gz[..(gz.Length / 2)]);

        var e = Assert.Throws<DataFormatException>(() => Idx.ReadImages(file));
        Assert.Contains("t10k-images-idx3-ubyte.gz", e.Message);
    }

    [Fact]
    public void Load_WrongMagic_ThrowsNamingFile()
    {
        using var tmp = TestData.NewTempDir();
        WriteFolder(tmp.Path, 4, 2, ".gz");
        // A labels file where the images file should be.
        File.Copy(Path.Combine(tmp.Path, "train-labels-idx1-ubyte.gz"), Path.Combine(tmp.Path, "train-images-idx3-ubyte.gz"), overwrite: true);

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(tmp.Path));
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
        Assert.Contains("2051", e.Message);
    }

    [Fact]
    public void Load_LabelCountMismatch_Throws()
    {
        using var tmp = TestData.NewTempDir();
        WriteFolder(tmp.Path, 4, 2, "");
        Idx.WriteLabels(Path.Combine(tmp.Path, "train-labels-idx1-ubyte"), [0, 1, 2]);

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(tmp.Path));
        Assert.Contains("train-labels-idx1-ubyte", e.Message);
        Assert.Contains("expected 4 labels", e.Message);
    }

    [Fact]
    public void ReadLabels_GarbageFile_ThrowsNamingFile()
    {
        using var tmp = TestData.NewTempDir();
        string file = Path.Combine(tmp.Path, "labels.idx");
        File.WriteAllBytes(file, [1, 2, 3]);
        var e = Assert.Throws<DataFormatException>(() => Idx.ReadLabels(file));
        Assert.Contains("labels.idx", e.Message);
    }

    [Fact]
    public void Load_FullFashionMnist_Has60000And10000Balanced()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var splits = DatasetCatalog.Load("fashion-mnist", TestData.SharedData);
        watch.Stop();
        Console.WriteLine($"fashion-mnist loaded in {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(60000, splits.Train.Count);
        Assert.Equal(10000, splits.Test.Count);
        Assert.All(splits.Train.ClassCounts(), c => Assert.Equal(6000, c));
        Assert.Equal("T-shirt/top", splits.Train.Classes[0]);
        using var mean = splits.Train.Images.to(TorchSharp.torch.ScalarType.Float64).mean();
        Assert.Equal(72.94, mean.item<double>(), 1);
    }
}
