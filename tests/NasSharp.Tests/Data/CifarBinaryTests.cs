using NasSharp.Data;

namespace NasSharp.Tests.Data;

public class CifarBinaryTests
{
    /// <summary>Writes <paramref name="n"/> records; record i has label i % classes, pixel j = (i + j) % 251.</summary>
    private static void WriteBatch(string path, int n, int labelBytes, int classes, int firstIndex)
    {
        using var f = File.Create(path);
        for (int i = firstIndex; i < firstIndex + n; i++)
        {
            if (labelBytes == 2)
            {
                f.WriteByte((byte)(i % 20)); // coarse label, ignored
            }
            f.WriteByte((byte)(i % classes));
            for (int j = 0; j < 3072; j++)
            {
                f.WriteByte((byte)((i + j) % 251));
            }
        }
    }

    [Fact]
    public void Load_Cifar10Binary_ConcatenatesBatchesInOrder()
    {
        using var tmp = TestData.NewTempDir();
        WriteBatch(Path.Combine(tmp.Path, "data_batch_1.bin"), 3, 1, 10, 0);
        WriteBatch(Path.Combine(tmp.Path, "data_batch_2.bin"), 2, 1, 10, 3);
        WriteBatch(Path.Combine(tmp.Path, "test_batch.bin"), 4, 1, 10, 100);

        using var splits = DatasetCatalog.Load(tmp.Path);

        Assert.Equal(new long[] { 5, 3, 32, 32 }, splits.Train.Images.shape);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, splits.Train.Labels.data<long>().ToArray());
        Assert.Equal(4, splits.Test.Count);
        Assert.Equal("airplane", splits.Train.Classes[0]);
        // Record 4, channel 1 (green), row 2, col 3 is byte 1024 + 2*32 + 3 of its pixels.
        Assert.Equal((4 + 1024 + 67) % 251, splits.Train.Images[4, 1, 2, 3].item<byte>());
    }

    [Fact]
    public void Load_Cifar100Binary_UsesFineLabels()
    {
        using var tmp = TestData.NewTempDir();
        WriteBatch(Path.Combine(tmp.Path, "train.bin"), 120, 2, 100, 0);
        WriteBatch(Path.Combine(tmp.Path, "test.bin"), 5, 2, 100, 0);

        using var splits = DatasetCatalog.Load(tmp.Path);

        Assert.Equal(100, splits.Train.Classes.Count);
        Assert.Equal(100, splits.Train.Classes.Distinct().Count());
        Assert.Equal("apple", splits.Train.Classes[0]);
        Assert.Equal("worm", splits.Train.Classes[99]);
        Assert.Equal(5, splits.Train.Labels[105].item<long>());
        Assert.Equal(19, splits.Train.Labels[19].item<long>());
        Assert.Equal((7 + 5) % 251, splits.Train.Images[7, 0, 0, 5].item<byte>());
    }

    [Fact]
    public void Load_Cifar10BinaryTruncated_ThrowsNamingFileAndRecordSize()
    {
        using var tmp = TestData.NewTempDir();
        WriteBatch(Path.Combine(tmp.Path, "data_batch_1.bin"), 2, 1, 10, 0);
        string test = Path.Combine(tmp.Path, "test_batch.bin");
        WriteBatch(test, 2, 1, 10, 0);
        byte[] bytes = File.ReadAllBytes(test);
        File.WriteAllBytes(test, bytes[..5000]);

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(tmp.Path));
        Assert.Contains("test_batch.bin", e.Message);
        Assert.Contains("3073", e.Message);
    }

    [Fact]
    public void Load_Cifar10MissingTestBatch_Throws()
    {
        using var tmp = TestData.NewTempDir();
        WriteBatch(Path.Combine(tmp.Path, "data_batch_1.bin"), 2, 1, 10, 0);
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(tmp.Path));
        Assert.Contains("test_batch.bin", e.Message);
    }
}
