using NasSharp.Data;

namespace NasSharp.Tests.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void Load_Default_Has10000And2000BalancedGrayscale28()
    {
        using var splits = DatasetCatalog.Load("default");

        Assert.Equal(10000, splits.Train.Count);
        Assert.Equal(2000, splits.Test.Count);
        Assert.Equal((1, 28, 28), (splits.Train.Channels, splits.Train.Height, splits.Train.Width));
        Assert.Equal((1, 28, 28), (splits.Test.Channels, splits.Test.Height, splits.Test.Width));
        Assert.All(splits.Train.ClassCounts(), c => Assert.Equal(1000, c));
        Assert.All(splits.Test.ClassCounts(), c => Assert.Equal(200, c));
        Assert.Equal(DatasetCatalog.FashionMnistClasses, splits.Train.Classes);
        Assert.Contains("default", splits.Train.Source);
    }

    [Fact]
    public void Load_Default_IsFirstImagesOfEachClassOfFashionMnist()
    {
        using var def = DatasetCatalog.Load("default");
        using var full = DatasetCatalog.Load(Path.Combine(TestData.SharedData, "fashion-mnist"));
        long[] labels = full.Train.Labels.data<long>().ToArray();
        // The first default image of class 9 is the first class-9 image of the full file.
        int firstNine = Array.IndexOf(labels, 9L);
        long defFirstNine = Array.IndexOf(def.Train.Labels.data<long>().ToArray(), 9L);
        using var a = def.Train.Images[defFirstNine];
        using var b = full.Train.Images[firstNine];
        Assert.True(a.eq(b).all().item<bool>());
    }

    [Fact]
    public void Names_ListsBuiltInAndKnownNames()
    {
        Assert.Contains("default", DatasetCatalog.Names);
        Assert.Contains("fashion-mnist", DatasetCatalog.Names);
        Assert.Contains("mnist", DatasetCatalog.Names);
        Assert.Contains("cifar10", DatasetCatalog.Names);
    }

    [Fact]
    public void Load_MnistByNameInDataDir_HasDigitClasses()
    {
        using var splits = DatasetCatalog.Load("mnist", TestData.SharedData);
        Assert.Equal(60000, splits.Train.Count);
        Assert.Equal(10000, splits.Test.Count);
        Assert.Equal("7", splits.Train.Classes[7]);
    }

    [Fact]
    public void Load_NameWithoutDataDir_UsesEnvironmentVariable()
    {
        string? before = Environment.GetEnvironmentVariable(DatasetCatalog.DataDirVariable);
        try
        {
            Environment.SetEnvironmentVariable(DatasetCatalog.DataDirVariable, TestData.SharedData);
            using var splits = DatasetCatalog.Load("mnist");
            Assert.Equal(10000, splits.Test.Count);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DatasetCatalog.DataDirVariable, before);
        }
    }

    [Fact]
    public void Load_NamedDatasetNotFound_NamesDataDirAndVariable()
    {
        using var tmp = TestData.NewTempDir();
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load("cifar10", tmp.Path));
        Assert.Contains(tmp.Path, e.Message);
        Assert.Contains("NASSHARP_DATA", e.Message);
    }

    [Fact]
    public void Load_UnknownLayout_ThrowsNamingFolder()
    {
        using var tmp = TestData.NewTempDir();
        File.WriteAllText(Path.Combine(tmp.Path, "readme.txt"), "nothing here");
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(tmp.Path));
        Assert.Contains(tmp.Path, e.Message);
        Assert.Contains("unknown dataset layout", e.Message);
    }
}
