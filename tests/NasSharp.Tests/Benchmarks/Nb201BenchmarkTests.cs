namespace NasSharp.Tests.Benchmarks;

using NasSharp.Benchmarks;
using NasSharp.SearchSpaces;

public sealed class Nb201BenchmarkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-nb201-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static string TableFolder() => Path.GetDirectoryName(SharedData.Require("nas-bench-201", Nb201Benchmark.MainFile))!;

    [Fact]
    public void Load_SharedTable_BestCifar10CellIs6111At94_37()
    {
        var table = Nb201Benchmark.Load(TableFolder());
        var best = table.Top(Nb201Dataset.Cifar10, 1)[0];
        Assert.Equal(6111, best.Index);
        Assert.Equal(94.3733, best.Cifar10TestAcc, 3);
        Assert.Equal("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|", best.Arch);
        Assert.Equal(1, table.Rank(best, Nb201Dataset.Cifar10));
        Assert.Equal(100.0, table.Percentile(best, Nb201Dataset.Cifar10));
    }

    [Fact]
    public void Find_AllSkipString_Is1835At54_30WithEveryColumn()
    {
        var table = Nb201Benchmark.Load(TableFolder());
        var e = table.Find("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|");
        Assert.Equal(1835, e.Index);
        Assert.Equal(54.2967, e.Cifar10TestAcc, 3);
        Assert.Equal(39.7693, e.Cifar10ValidAcc, 3);
        Assert.Equal(15.6067, e.Cifar100TestAcc, 3);
        Assert.Equal(16.3222, e.ImageNet16TestAcc, 3);
        Assert.Equal(0.073306, e.ParamsMbCifar10, 6);
        Assert.Equal(15, e.Columns().Count);
        Assert.Equal(0.542967, e.TrueAccuracyMetrics()[Nb201Entry.Cifar10TestMetric], 5);
    }

    [Fact]
    public void At_AllNone_IsChanceLevel()
    {
        var e = Nb201Benchmark.Load(TableFolder()).At(1651);
        Assert.All(e.Genotype.Ops, op => Assert.Equal("none", op));
        Assert.Equal(10.0, e.Cifar10TestAcc, 3);
        Assert.Equal(1.0, e.Cifar100TestAcc, 3);
        Assert.Equal(0.8333, e.ImageNet16TestAcc, 3);
    }

    [Fact]
    public void Find_Genotype_AgreesWithNb201SearchSpaceForAllCells()
    {
        var table = Nb201Benchmark.Load(TableFolder());
        var space = new Nb201SearchSpace();
        for (var i = 0; i < Nb201SearchSpace.Count; i++)
        {
            var cell = space.At(i);
            Assert.Equal(i, table.Find(cell).Index);
            Assert.Equal(Nb201Format.Format(cell), table.At(i).Arch);
            Assert.Equal(i, table.Find(table.At(i).Arch).Index);
        }
    }

    [Fact]
    public void Load_SameFolderTwice_ReturnsTheCachedInstance()
    {
        var folder = TableFolder();
        Assert.Same(Nb201Benchmark.Load(folder), Nb201Benchmark.Load(Path.Combine(folder, Nb201Benchmark.EpochFile)));
    }

    [Fact]
    public void Load_NullPath_FindsTheSharedTable()
    {
        Assert.Equal(Path.GetFullPath(TableFolder()), Nb201Benchmark.Load().Folder);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNamingIt()
    {
        var missing = Path.Combine(_dir, "nope");
        var e = Assert.Throws<FileNotFoundException>(() => Nb201Benchmark.Load(missing));
        Assert.Contains(missing, e.Message);
        Assert.Null(Nb201Benchmark.TryLoad(missing));
    }

    [Fact]
    public void Load_BadNumber_ThrowsNamingFileLineAndColumn()
    {
        CopyTable();
        var path = Path.Combine(_dir, Nb201Benchmark.MainFile);
        var lines = File.ReadAllLines(path);
        lines[101] = string.Join(",", lines[101].Split(',').Select((v, i) => i == 4 ? "93.x" : v));
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<InvalidDataException>(() => Nb201Benchmark.Load(_dir));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 102", e.Message);
        Assert.Contains("column cifar10_test_acc", e.Message);
    }

    [Fact]
    public void Load_MissingRows_ThrowsNamingTheCount()
    {
        CopyTable();
        var path = Path.Combine(_dir, Nb201Benchmark.EpochFile);
        File.WriteAllLines(path, File.ReadAllLines(path).Take(100));
        var e = Assert.Throws<InvalidDataException>(() => Nb201Benchmark.Load(_dir));
        Assert.Contains(Nb201Benchmark.EpochFile, e.Message);
        Assert.Contains("99 data rows", e.Message);
    }

    [Fact]
    public void Load_WrongHeader_ThrowsNamingTheExpectedHeader()
    {
        CopyTable();
        var path = Path.Combine(_dir, Nb201Benchmark.MainFile);
        var lines = File.ReadAllLines(path);
        lines[0] = lines[0].Replace("cifar100_test_acc", "c100", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<InvalidDataException>(() => Nb201Benchmark.Load(_dir));
        Assert.Contains("line 1", e.Message);
        Assert.Contains("cifar100_test_acc", e.Message);
    }

    [Fact]
    public void ParseDataset_UnknownName_ListsTheValidOnes()
    {
        Assert.Equal(Nb201Dataset.ImageNet16, Nb201Benchmark.ParseDataset("ImageNet16-120"));
        var e = Assert.Throws<ArgumentException>(() => Nb201Benchmark.ParseDataset("svhn"));
        Assert.Contains("cifar100", e.Message);
    }

    private void CopyTable()
    {
        foreach (var f in new[] { Nb201Benchmark.MainFile, Nb201Benchmark.EpochFile })
            File.Copy(Path.Combine(TableFolder(), f), Path.Combine(_dir, f));
    }
}
