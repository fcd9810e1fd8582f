using NasSharp.SearchSpaces;

namespace NasSharp.Tests.SearchSpaces;

public class Nb201SearchSpaceTests
{
    private readonly Nb201SearchSpace _space = new();

    [Fact]
    public void Enumerate_ComparedWithBenchmarkCsv_MatchesEveryIndex()
    {
        var csv = SharedData.Require("nas-bench-201", "nas-bench-201.csv");
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var indexCol = Array.IndexOf(header, "index");
        var archCol = Array.IndexOf(header, "arch");
        Assert.True(indexCol >= 0 && archCol >= 0, "csv needs 'index' and 'arch' columns");
        var all = _space.Enumerate();
        Assert.Equal(Nb201SearchSpace.Count, all.Count);
        Assert.Equal(Nb201SearchSpace.Count, lines.Length - 1);
        for (var row = 1; row < lines.Length; row++)
        {
            var cols = lines[row].Split(',');
            var index = int.Parse(cols[indexCol], System.Globalization.CultureInfo.InvariantCulture);
            var expected = cols[archCol];
            var actual = Nb201Format.Format(all[index]);
            if (actual != expected) Assert.Fail($"index {index}: expected {expected}, got {actual}");
            Assert.Equal(index, _space.IndexOf(Nb201Format.Parse(expected)));
        }
    }

    [Fact]
    public void Enumerate_Always_HasDistinctCells()
    {
        Assert.Equal(Nb201SearchSpace.Count, _space.Enumerate().Distinct().Count());
    }

    [Fact]
    public void IndexOf_PublishedBest_Is6111()
    {
        var best = (Nb201Genotype)PublishedArchitectures.Get("NB201_BEST");
        Assert.Equal(6111, _space.IndexOf(best));
        Assert.Equal(best, _space.At(6111));
    }

    [Fact]
    public void IndexOf_KnownCells_MatchReadme()
    {
        Assert.Equal(1835, _space.IndexOf(Nb201Format.Parse(
            "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|")));
        Assert.Equal(1651, _space.IndexOf(new Nb201Genotype(Enumerable.Repeat(OpNames.None, 6))));
        Assert.Equal(1462, _space.IndexOf(new Nb201Genotype(Enumerable.Repeat(OpNames.NorConv3x3, 6))));
    }

    [Fact]
    public void Sample_SameSeed_SameSequenceAndValid()
    {
        var a = Enumerable.Range(0, 200).Select(_ => 0).ToArray();
        var r1 = new Random(7);
        var r2 = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var g1 = _space.Sample(r1);
            var g2 = _space.Sample(r2);
            Assert.Equal(g1, g2);
            _space.Validate(g1);
            Assert.InRange(_space.IndexOf(g1), 0, Nb201SearchSpace.Count - 1);
        }
    }

    [Fact]
    public void Validate_UnknownOp_NamesEdgeAndListsOps()
    {
        var g = new Nb201Genotype(["none", "none", "conv_3x3", "none", "none", "none"]);
        var ex = Assert.Throws<ArchitectureFormatException>(() => _space.Validate(g));
        Assert.Contains("NB201 edge 2 (node 2 ← 1)", ex.Message);
        Assert.Contains("unknown op 'conv_3x3'", ex.Message);
        Assert.Contains("none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3", ex.Message);
    }

    [Fact]
    public void At_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _space.At(Nb201SearchSpace.Count));
    }
}
