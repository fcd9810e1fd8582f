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
        var (oy, ox) = DrawCrop((int)x.shape[0], padding, rng);
        return CropAt(x, padding, oy, ox);
    }

    /// <summary>Row offsets then column offsets, each in <c>0 .. 2·padding</c>, for <paramref name="count"/> images.</summary>
    internal static (long[] Oy, long[] Ox) DrawCrop(int count, int padding, Random rng)
    {
        var oy = new long[count];
        var ox = new long[count];
        for (int i = 0; i < count; i++)
        {
            oy[i] = rng.Next(2 * padding + 1);
        }
        for (int i = 0; i < count; i++)
        {
            ox[i] = rng.Next(2 * padding + 1);
        }
        return (oy, ox);
    }

    /// <summary>Per image b, the window at (oy[b], ox[b]) of the zero-padded image, as tensor ops.</summary>
    internal static Tensor CropAt(Tensor x, int padding, long[] oy, long[] ox)
    {
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
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
        bool[] flip = DrawFlip((int)x.shape[0], rng);
        return FlipWhere(x, flip);
    }

    /// <summary>One fair coin per image: true = mirror.</summary>
    internal static bool[] DrawFlip(int count, Random rng)
    {
        var flip = new bool[count];
        for (int i = 0; i < count; i++)
        {
            flip[i] = rng.NextDouble() < 0.5;
        }
        return flip;
    }

    /// <summary>Mirrors the images whose flag is set, as tensor ops.</summary>
    internal static Tensor FlipWhere(Tensor x, bool[] flip)
    {
        long b = x.shape[0];
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

    /// <summary>Gathers images <paramref name="indices"/> of a contiguous uint8 <c>[N, C, H, W]</c> buffer into a new
    /// uint8 <c>[B, C, H, W]</c> CPU tensor, cropping each from its zero-padded copy at (oy, ox) and mirroring it when
    /// flagged, in one managed pass (far cheaper than index_select + gather for small images).
    /// Same result as <see cref="CropAt"/> then <see cref="FlipWhere"/>.</summary>
    internal static Tensor GatherCropFlip(ReadOnlySpan<byte> source, int channels, int height, int width,
        long[] indices, int padding, long[]? oy, long[]? ox, bool[]? flip)
    {
        int b = indices.Length;
        int plane = height * width;
        int image = channels * plane;
        var result = empty([b, channels, height, width], ScalarType.Byte);
        Span<byte> dst = TensorBytes.Span(result);
        for (int i = 0; i < b; i++)
        {
            ReadOnlySpan<byte> src = source.Slice(checked((int)(indices[i] * image)), image);
            Span<byte> outImage = dst.Slice(i * image, image);
            int dy = oy is null ? 0 : (int)oy[i] - padding; // output row r reads source row r + dy
            int dx = ox is null ? 0 : (int)ox[i] - padding; // output col j reads source col j + dx (before the flip)
            bool mirror = flip is not null && flip[i];
            if (dy == 0 && dx == 0 && !mirror)
            {
                src.CopyTo(outImage);
                continue;
            }
            // Columns j in [j0, j1) of the cropped image have a source column; the rest are zero padding.
            int j0 = Math.Max(0, -dx);
            int j1 = Math.Min(width, width - dx);
            for (int c = 0; c < channels; c++)
            {
                for (int r = 0; r < height; r++)
                {
                    Span<byte> row = outImage.Slice(c * plane + r * width, width);
                    int sr = r + dy;
                    if (sr < 0 || sr >= height || j0 >= j1)
                    {
                        row.Clear();
                        continue;
                    }
                    ReadOnlySpan<byte> srcRow = src.Slice(c * plane + sr * width, width);
                    if (!mirror)
                    {
                        row[..j0].Clear();
                        srcRow.Slice(j0 + dx, j1 - j0).CopyTo(row[j0..j1]);
                        row[j1..].Clear();
                    }
                    else
                    {
                        // Mirrored output column j shows cropped column width - 1 - j.
                        for (int j = 0; j < width; j++)
                        {
                            int cj = width - 1 - j;
                            row[j] = cj >= j0 && cj < j1 ? srcRow[cj + dx] : (byte)0;
                        }
                    }
                }
            }
        }
        return result;
    }
}
