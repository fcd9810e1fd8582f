namespace NasSharp.Tests.Data;

using System.Globalization;
using NasSharp.Data;
using NasSharp.Runtime;
using static TorchSharp.torch;

public sealed class TensorBytesTests
{
    // Where the memory at address lies: the /proc/self/maps line containing it.
    private static (long Size, string Name) MappingOf(long address)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var range = parts[0].Split('-');
            var (lo, hi) = (long.Parse(range[0], NumberStyles.HexNumber), long.Parse(range[1], NumberStyles.HexNumber));
            if (address >= lo && address < hi) return (hi - lo, parts.Length > 5 ? parts[5] : "");
        }
        throw new InvalidOperationException($"address {address:x} in no mapping");
    }

    [Fact]
    public void Empty_DatasetJustUnderTheMmapThreshold_LiesOnPagesOfItsOwn()
    {
        // A dataset of 29.3 MiB (CIFAR-10's test split decoded) from the heap left holes a second load did not reuse;
        // on pages of its own it is unmapped whole when freed.
        if (!OperatingSystem.IsLinux() || !NativeMemoryTuning.Applied) return;
        using var t = TensorBytes.Empty(10_000, 3, 32, 32);
        Assert.Equal(new long[] { 10_000, 3, 32, 32 }, t.shape);
        Assert.True(t.is_contiguous());
        TensorBytes.Span(t).Fill(7); // every byte of it writable
        Assert.Equal(7L * 30_720_000, t.sum().item<long>());
        var (size, name) = MappingOf(TensorBytes.Pointer(t).ToInt64());
        Assert.NotEqual("[heap]", name);
        Assert.True(size >= NativeMemoryTuning.MmapThresholdBytes, $"a mapping of {size} bytes");
    }

    [Fact]
    public void Empty_SmallTensor_IsAPlainAllocationOfItsSize()
    {
        using var t = TensorBytes.Empty(4, 3, 8, 8);
        Assert.Equal(new long[] { 4, 3, 8, 8 }, t.shape);
        Assert.True(t.is_contiguous());
        Assert.Equal(768, TensorBytes.Span(t).Length);
    }
}
