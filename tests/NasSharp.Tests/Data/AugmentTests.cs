using NasSharp.Data;
using static TorchSharp.torch;

namespace NasSharp.Tests.Data;

public class AugmentTests
{
    [Fact]
    public void Cutout_SetsASquareToZero()
    {
        using var scope = NewDisposeScope();
        var x = ones([4, 3, 32, 32]);
        var y = Augment.Cutout(x, 8, new Random(1));
        Assert.Equal(x.shape, y.shape);
        for (int i = 0; i < 4; i++)
        {
            var zero = y[i, 0].eq(0);
            long count = zero.sum().item<long>();
            Assert.InRange(count, 1, 64);
            // The zeros form a rectangle (a clipped square) identical in every channel.
            var rows = zero.any(1).nonzero().flatten();
            var cols = zero.any(0).nonzero().flatten();
            long h = rows.shape[0], w = cols.shape[0];
            Assert.Equal(h * w, count);
            Assert.Equal(h - 1, rows[-1].item<long>() - rows[0].item<long>());
            Assert.True(h <= 8 && w <= 8);
            Assert.True(y[i].eq(0).all(0).eq(zero).all().item<bool>());
        }
        // An interior centre gives the full 8x8 square.
        var full = Augment.Cutout(ones([64, 1, 32, 32]), 8, new Random(3));
        Assert.Contains(64L, full.eq(0).sum([1L, 2L, 3L]).data<long>().ToArray());
    }

    [Fact]
    public void RandomCrop_KeepsShapeAndShiftsContent()
    {
        using var scope = NewDisposeScope();
        var x = arange(2 * 3 * 8 * 8, dtype: ScalarType.Int64).view(2, 3, 8, 8).to(ScalarType.Byte);
        var y = Augment.RandomCrop(x, 4, new Random(2));
        Assert.Equal(x.shape, y.shape);
        Assert.Equal(ScalarType.Byte, y.dtype);
        // Every non-padding output pixel is an input pixel of the same image and channel.
        for (int i = 0; i < 2; i++)
        {
            var values = y[i].flatten().data<byte>().ToArray().Where(v => v != 0).Distinct();
            var inputs = x[i].flatten().data<byte>().ToArray().ToHashSet();
            Assert.All(values, v => Assert.Contains(v, inputs));
        }
        // Zero padding: the same crop of a zero-padded copy at some offset matches exactly.
        var padded = nn.functional.pad(x[0].unsqueeze(0), [4, 4, 4, 4]);
        bool found = false;
        for (int oy = 0; oy <= 8 && !found; oy++)
        {
            for (int ox = 0; ox <= 8 && !found; ox++)
            {
                found = padded[.., .., oy..(oy + 8), ox..(ox + 8)].eq(y[0].unsqueeze(0)).all().item<bool>();
            }
        }
        Assert.True(found);
    }

    [Fact]
    public void HorizontalFlip_KeepsShapeAndMirrorsOrKeepsEachImage()
    {
        using var scope = NewDisposeScope();
        var x = rand([16, 3, 5, 7]);
        var y = Augment.HorizontalFlip(x, new Random(4));
        Assert.Equal(x.shape, y.shape);
        int flipped = 0;
        for (int i = 0; i < 16; i++)
        {
            bool same = y[i].eq(x[i]).all().item<bool>();
            bool mirrored = y[i].eq(x[i].flip(2)).all().item<bool>();
            Assert.True(same || mirrored);
            flipped += mirrored ? 1 : 0;
        }
        Assert.InRange(flipped, 1, 15);
    }
}
