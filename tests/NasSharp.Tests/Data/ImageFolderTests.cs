using NasSharp.Data;
using SkiaSharp;

namespace NasSharp.Tests.Data;

public class ImageFolderTests
{
    private static readonly string[] Classes = ["airplane", "cat", "truck"];

    /// <summary>Copies <paramref name="perClass"/> real CIFAR JPEGs per class into root/train and root/test.</summary>
    private static void CopyCifarSlice(string root, int perClass)
    {
        string cifar = Path.Combine(TestData.SharedData, "cifar-10-jpeg-q75");
        foreach (string split in new[] { "train", "test" })
        {
            foreach (string cls in Classes)
            {
                string dst = Path.Combine(root, split, cls);
                Directory.CreateDirectory(dst);
                foreach (string f in Directory.GetFiles(Path.Combine(cifar, split, cls)).Order(StringComparer.Ordinal).Take(perClass))
                {
                    File.Copy(f, Path.Combine(dst, Path.GetFileName(f)));
                }
            }
        }
    }

    private static void WritePng(string path, int width, int height, SKColorType type, byte value)
    {
        var info = new SKImageInfo(width, height, type, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        bitmap.Erase(new SKColor(value, value, value));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void Load_CifarJpegSlice_LoadsRgbInClassOrder()
    {
        using var tmp = TestData.NewTempDir();
        CopyCifarSlice(tmp.Path, 4);

        using var splits = DatasetCatalog.Load(tmp.Path);

        Assert.Equal(Classes, splits.Train.Classes);
        Assert.Equal(12, splits.Train.Count);
        Assert.Equal(12, splits.Test.Count);
        Assert.Equal(new long[] { 12, 3, 32, 32 }, splits.Train.Images.shape);
        Assert.Equal(new long[] { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 }, splits.Train.Labels.data<long>().ToArray());
        Assert.Equal(tmp.Path, Path.GetDirectoryName(splits.Train.Source));

        // Pixel check against a direct decode of the first file (R plane, first pixel row).
        string first = Directory.GetFiles(Path.Combine(tmp.Path, "train", "airplane")).Order(StringComparer.Ordinal).First();
        using var codec = SKCodec.Create(first);
        var info = new SKImageInfo(32, 32, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, bitmap.GetPixels()));
        byte[] rgba = bitmap.GetPixelSpan().ToArray();
        byte[] image0 = splits.Train.Images[0].contiguous().data<byte>().ToArray();
        for (int px = 0; px < 32 * 32; px++)
        {
            Assert.Equal(rgba[4 * px], image0[px]);
            Assert.Equal(rgba[4 * px + 1], image0[1024 + px]);
            Assert.Equal(rgba[4 * px + 2], image0[2048 + px]);
        }
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNamingPath()
    {
        using var tmp = TestData.NewTempDir();
        string missing = Path.Combine(tmp.Path, "no-such-dataset");
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(missing));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Load_MissingTestFolder_ThrowsListingLayouts()
    {
        using var tmp = TestData.NewTempDir();
        WritePng(Path.Combine(tmp.Sub("train", "a"), "x.png"), 8, 8, SKColorType.Rgba8888, 10);
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(tmp.Path));
        Assert.Contains(tmp.Path, e.Message);
        Assert.Contains("train/<class>", e.Message);
    }

    [Fact]
    public void Load_EmptyClassFolder_ThrowsNamingClassFolder()
    {
        using var tmp = TestData.NewTempDir();
        foreach (string split in new[] { "train", "test" })
        {
            WritePng(Path.Combine(tmp.Sub(split, "a"), "x.png"), 8, 8, SKColorType.Rgba8888, 10);
            tmp.Sub(split, "b");
        }
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(tmp.Path));
        Assert.Contains(Path.Combine(tmp.Path, "train", "b"), e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Load_UnreadableImage_ThrowsNamingFile()
    {
        using var tmp = TestData.NewTempDir();
        CopyCifarSlice(tmp.Path, 2);
        string bad = Path.Combine(tmp.Path, "train", "cat", "zz-garbage.jpg");
        File.WriteAllBytes(bad, "this is not a jpeg"u8.ToArray());

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(tmp.Path));
        Assert.Contains(bad, e.Message);
    }

    [Fact]
    public void Load_InconsistentImageSizes_ThrowsNamingFile()
    {
        using var tmp = TestData.NewTempDir();
        CopyCifarSlice(tmp.Path, 2);
        string odd = Path.Combine(tmp.Path, "test", "truck", "zz-big.png");
        WritePng(odd, 40, 40, SKColorType.Rgba8888, 99);

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(tmp.Path));
        Assert.Contains(odd, e.Message);
        Assert.Contains("32x32", e.Message);
    }

    [Fact]
    public void Load_DifferentClassesInTest_Throws()
    {
        using var tmp = TestData.NewTempDir();
        WritePng(Path.Combine(tmp.Sub("train", "a"), "x.png"), 8, 8, SKColorType.Rgba8888, 10);
        WritePng(Path.Combine(tmp.Sub("test", "b"), "x.png"), 8, 8, SKColorType.Rgba8888, 10);
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(tmp.Path));
        Assert.Contains(Path.Combine(tmp.Path, "test"), e.Message);
    }

    [Fact]
    public void Load_GrayscalePngs_GivesOneChannel()
    {
        using var tmp = TestData.NewTempDir();
        foreach (string split in new[] { "train", "test" })
        {
            WritePng(Path.Combine(tmp.Sub(split, "dark"), "0.png"), 6, 5, SKColorType.Gray8, 20);
            WritePng(Path.Combine(tmp.Sub(split, "light"), "0.png"), 6, 5, SKColorType.Gray8, 200);
        }
        using var splits = DatasetCatalog.Load(tmp.Path);
        Assert.Equal(new long[] { 2, 1, 5, 6 }, splits.Train.Images.shape);
        Assert.Equal(20, splits.Train.Images[0, 0, 0, 0].item<byte>());
        Assert.Equal(200, splits.Train.Images[1, 0, 4, 5].item<byte>());
    }

    [Fact]
    public void Load_FullCifar10JpegFolder_Loads60000()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var splits = DatasetCatalog.Load("cifar10", TestData.SharedData);
        watch.Stop();
        Console.WriteLine($"cifar-10-jpeg-q75 loaded in {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(50000, splits.Train.Count);
        Assert.Equal(10000, splits.Test.Count);
        Assert.Equal((3, 32, 32), (splits.Train.Channels, splits.Train.Height, splits.Train.Width));
        Assert.Equal("airplane", splits.Train.Classes[0]);
        Assert.All(splits.Test.ClassCounts(), c => Assert.Equal(1000, c));
    }
}
