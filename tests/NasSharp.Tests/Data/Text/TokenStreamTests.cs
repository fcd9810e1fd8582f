namespace NasSharp.Tests.Data.Text;

using NasSharp.Data.Text;

public class TokenStreamTests
{
    [Fact]
    public void Constructor_Tokens_AreCutIntoContiguousRowsDroppingTheTail()
    {
        using var s = new TokenStream(Enumerable.Range(0, 23).Select(i => (long)i).ToArray(), 3);
        Assert.Equal(7, s.RowLength);
        Assert.Equal(Enumerable.Range(7, 7).Select(i => (long)i).ToArray(), s.Data[1].data<long>().ToArray());
    }

    [Fact]
    public void Windows_Fixed_CoverEveryInputOnceAndTargetsAreShiftedByOne()
    {
        using var s = new TokenStream(Enumerable.Range(0, 40).Select(i => (long)i).ToArray(), 2);
        var windows = s.Windows(6).ToArray();
        Assert.Equal([6, 6, 6, 1], windows.Select(w => w.Length));
        Assert.Equal(s.WindowCount(6), windows.Length);
        var inputs = new List<long>();
        foreach (var w in windows)
        {
            var (x, y) = s.Slice(w);
            inputs.AddRange(x[0].data<long>().ToArray());
            Assert.Equal(x[0].data<long>().Select(v => v + 1).ToArray(), y[0].data<long>().ToArray());
        }
        Assert.Equal(Enumerable.Range(0, 19).Select(i => (long)i), inputs);
    }

    [Fact]
    public void Windows_Variable_StayWithinEnasLmBoundsAndAreSeeded()
    {
        using var s = new TokenStream(new long[100_000], 4);
        var a = s.Windows(35, new Random(3)).ToArray();
        var b = s.Windows(35, new Random(3)).ToArray();
        Assert.Equal(a, b);
        Assert.All(a, w => Assert.InRange(w.Length, 1, 55));
        Assert.True(a.Count(w => w.Length < 30) > 0 && a.Count(w => w.Length > 40) > 0);
        Assert.InRange(a.Average(w => w.Length), 32, 36); // 0.95·35 + 0.05·17.5 ≈ 34.1
        for (var i = 1; i < a.Length; i++) Assert.Equal(a[i - 1].Start + a[i - 1].Length, a[i].Start);
        Assert.True(a[^1].Start + a[^1].Length >= s.RowLength - 3);
    }
}
