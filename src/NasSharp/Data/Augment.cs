using static TorchSharp.torch;

namespace NasSharp.Data;

/// <summary>Batched augmentations as a handful of tensor ops each; the random numbers come from a caller's
/// <see cref="Random"/>, so results are reproducible.</summary>
public static class Augment
{
    /// <summary>Pads every image of <paramref name="x"/> <c>[B, C, H, W]</c> with <paramref name="padding"/> zeros on
    /// each side and crops it back to <c>H × W</c> at a random offset in <c>0 .. 2·padding</c> per image
    /// (torchvision's <c>RandomCrop(H, padding)</c>). Returns a new tensor of the same shape and dtype.</summary>
    /// <param name="x">Batch, any dtype.</param>
    /// <param name="padding">Zero padding in pixels, &gt;= 0 (0 returns a copy).</param>
    /// <param name="rng">Source of the offsets: draws B row offsets, then B column offsets.</param>
    public static Tensor RandomCrop(Tensor x, int padding, Random rng)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var oy = new long[b];
        var ox = new long[b];
        for (int i = 0; i < b; i++)
        {
            oy[i] = rng.Next(2 * padding + 1);
        }
        for (int i = 0; i < b; i++)
        {
            ox[i] = rng.Next(2 * padding + 1);
        }
        if (padding == 0)
        {
            return x.clone();
        }
        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(x, [padding, padding, padding, padding]);
        var rows = tensor(oy, device: x.device).view(b, 1) + arange(h, dtype: ScalarType.Int64, device: x.device).view(1, h);
        var cols = tensor(ox, device: x.device).view(b, 1) + arange(w, dtype: ScalarType.Int64, device: x.device).view(1, w);
        var byRows = padded.gather(2, rows.view(b, 1, h, 1).expand(b, c, h, w + 2 * padding));
        var result = byRows.gather(3, cols.view(b, 1, 1, w).expand(b, c, h, w));
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Mirrors each image of <paramref name="x"/> <c>[B, C, H, W]</c> left-right with probability 0.5.
    /// Returns a new tensor of the same shape and dtype.</summary>
    /// <param name="x">Batch, any dtype.</param>
    /// <param name="rng">Source of the coin flips: draws B doubles.</param>
    public static Tensor HorizontalFlip(Tensor x, Random rng)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(rng);
        long b = x.shape[0];
        var flip = new bool[b];
        for (int i = 0; i < b; i++)
        {
            flip[i] = rng.NextDouble() < 0.5;
        }
        using var scope = NewDisposeScope();
        var mask = tensor(flip, device: x.device).view(b, 1, 1, 1);
        var result = where(mask, x.flip(3), x);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Sets a <paramref name="length"/> × <paramref name="length"/> square of every image to zero, centred at
    /// a random pixel and clipped at the borders, as DARTS's <c>Cutout</c> (applied after normalisation).
    /// Returns a new tensor of the same shape and dtype.</summary>
    /// <param name="x">Batch <c>[B, C, H, W]</c>.</param>
    /// <param name="length">Side of the square, &gt;= 0 (0 returns a copy).</param>
    /// <param name="rng">Source of the centres: per image a row in <c>0 .. H-1</c> then a column in <c>0 .. W-1</c>.</param>
    public static Tensor Cutout(Tensor x, int length, Random rng)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        long b = x.shape[0], h = x.shape[2], w = x.shape[3];
        var y1 = new long[b];
        var y2 = new long[b];
        var x1 = new long[b];
        var x2 = new long[b];
        for (int i = 0; i < b; i++)
        {
            long cy = rng.Next((int)h);
            long cx = rng.Next((int)w);
            y1[i] = Math.Clamp(cy - length / 2, 0, h);
            y2[i] = Math.Clamp(cy + length / 2, 0, h);
            x1[i] = Math.Clamp(cx - length / 2, 0, w);
            x2[i] = Math.Clamp(cx + length / 2, 0, w);
        }
        if (length == 0)
        {
            return x.clone();
        }
        using var scope = NewDisposeScope();
        var dev = x.device;
        var r = arange(h, dtype: ScalarType.Int64, device: dev).view(1, h);
        var c = arange(w, dtype: ScalarType.Int64, device: dev).view(1, w);
        var inRows = r.ge(tensor(y1, device: dev).view(b, 1)).logical_and(r.lt(tensor(y2, device: dev).view(b, 1)));
        var inCols = c.ge(tensor(x1, device: dev).view(b, 1)).logical_and(c.lt(tensor(x2, device: dev).view(b, 1)));
        var mask = inRows.view(b, 1, h, 1).logical_and(inCols.view(b, 1, 1, w));
        var result = x.masked_fill(mask, 0);
        return result.MoveToOuterDisposeScope();
    }
}
